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

"""Parsing of utter-pool's configuration and setting up its logging."""

from oslo_log import log

from utter_pool import conf

CONF = conf.CONF

_DEFAULT_LOG_LEVELS = ['sqlalchemy=WARN', 'alembic=WARN', 'urllib3=WARN',
                       'werkzeug=WARN', 'iso8601=WARN']


def prepare_service(argv, default_config_files=None):
    """Register logging options, parse the configuration, set up logging.

    Every utter-pool command calls this first.
    """
    log.register_options(CONF)
    log.set_defaults(default_log_levels=_DEFAULT_LOG_LEVELS)
    CONF(argv[1:], project='utter-pool',
         default_config_files=default_config_files)
    log.setup(CONF, 'utter-pool')
