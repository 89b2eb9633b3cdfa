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

"""WSGI module of the pool API: ``utter_pool.wsgi.api:application``.

Point a WSGI server at it, for example::

    uwsgi --http 127.0.0.1:9890 --module utter_pool.wsgi.api:application

The configuration is read from the usual places
(/etc/utter-pool/utter-pool.conf) or from the files named in the
UTTER_POOL_CONFIG_FILES environment variable (comma separated). Every
worker is stateless: run as many as needed over one database.
"""

import os

from utter_pool.api import app as api_app
from utter_pool.common import config
from utter_pool import conf
from utter_pool.db import api as db_api


def init_application():
    """Parse the configuration and return the WSGI application."""
    files = os.environ.get('UTTER_POOL_CONFIG_FILES')
    config.prepare_service(['utter-pool-api'],
                           default_config_files=(files.split(',')
                                                 if files else None))
    db_api.configure(conf.CONF)
    return api_app.create_app(conf.CONF)


application = init_application()
