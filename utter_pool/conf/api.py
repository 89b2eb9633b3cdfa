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

"""Options of the pool's API server ([api] group)."""

from oslo_config import cfg

GROUP = cfg.OptGroup('api', title='API server options',
                     help='Where utter-pool-api listens.')

OPTS = [
    cfg.HostAddressOpt('host', default='127.0.0.1',
                       help='Address the development server '
                            '(utter-pool-api) listens on.'),
    cfg.PortOpt('port', default=9890,
                help='Port the development server listens on.'),
]


def register_opts(conf):
    conf.register_group(GROUP)
    conf.register_opts(OPTS, group=GROUP)


def list_opts():
    return {GROUP: OPTS}
