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

"""Parsing of the configuration and defaults of the libraries utter-va uses."""

from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors
from oslo_middleware.healthcheck import opts as healthcheck_opts

from utter_va import conf
from utter_va.conf import clients as conf_clients
from utter_va import version

CONF = conf.CONF

_DEFAULT_LOG_LEVELS = [
    'amqp=WARN', 'amqplib=WARN', 'kombu=WARN', 'oslo.messaging=INFO',
    'oslo_messaging=INFO', 'sqlalchemy=WARN', 'stevedore=INFO',
    'keystoneauth=WARN', 'keystonemiddleware=WARN', 'urllib3=WARN',
    'requests=WARN', 'iso8601=WARN', 'novaclient=WARN', 'oslo_policy=INFO',
    'oslo_service=INFO', 'alembic=WARN', 'cotyledon=WARN',
]


def set_lib_defaults():
    """Set the defaults utter-va wants for options of other libraries.

    Registered as ``oslo.config.opts.defaults`` so that the generated sample
    shows them too.
    """
    cors.set_defaults(
        allow_headers=['X-Auth-Token', 'X-OpenStack-Request-ID',
                       'Content-Type', 'Idempotency-Key', 'X-Order-Token'],
        expose_headers=['X-OpenStack-Request-ID', 'Retry-After'],
        allow_methods=['GET', 'PUT', 'POST', 'DELETE', 'PATCH'])
    cfg.set_defaults(healthcheck_opts.HEALTHCHECK_OPTS,
                     backends=['utter_va_database'])
    conf_clients.set_defaults(CONF)


def parse_args(argv, default_config_files=None):
    """Parse the command line and the configuration files."""
    log.set_defaults(default_log_levels=_DEFAULT_LOG_LEVELS)
    set_lib_defaults()
    CONF(argv[1:],
         project='utter-va',
         version=version.version_string(),
         default_config_files=default_config_files)


def prepare_service(argv, default_config_files=None):
    """Register logging options, parse the configuration and set up logging.

    Every utter-va command calls this first.
    """
    log.register_options(CONF)
    parse_args(argv, default_config_files=default_config_files)
    log.setup(CONF, 'utter-va')
