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

"""utter-pool-api: a development server for the pool API.

In production, run ``utter_pool.wsgi.api:application`` under uwsgi or
Apache instead; this server is one process, meant for tests and demos.
"""

import sys

from oslo_log import log
from werkzeug import serving

from utter_pool.api import app as api_app
from utter_pool.common import config
from utter_pool import conf
from utter_pool.db import api as db_api

CONF = conf.CONF
LOG = log.getLogger(__name__)


def main(argv=None):
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    application = api_app.create_app(CONF)
    LOG.info('utter-pool-api development server listening on '
             'http://%s:%s/', CONF.api.host, CONF.api.port)
    serving.run_simple(CONF.api.host, CONF.api.port, application,
                       threaded=True, use_reloader=False)


if __name__ == '__main__':
    sys.exit(main())
