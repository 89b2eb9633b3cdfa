# Copyright 2026 The utter-va Authors
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""utter-va-api: a development server for the utter-va API.

In production, run ``utter_va.wsgi.api:application`` under uwsgi or Apache
instead; this server is single-process and meant for tests and demos.
"""

import sys

from oslo_log import log
from werkzeug import serving

from utter_va.api import app as api_app
from utter_va.common import config
from utter_va import conf
from utter_va.conf import api as api_conf
from utter_va.db import api as db_api

CONF = conf.CONF
LOG = log.getLogger(__name__)


def main(argv=None):
    config.prepare_service(argv or sys.argv)
    api_conf.check_public_url(CONF)
    db_api.configure(CONF)
    application = api_app.create_app(CONF)
    LOG.info('utter-va-api development server listening on http://%s:%s/',
             CONF.api.host, CONF.api.port)
    serving.run_simple(CONF.api.host, CONF.api.port, application,
                       threaded=True, use_reloader=False)


if __name__ == '__main__':
    sys.exit(main())
