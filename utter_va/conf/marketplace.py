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

"""Options of the marketplace ([marketplace] group)."""

from oslo_config import cfg

marketplace_group = cfg.OptGroup(
    'marketplace',
    title='Marketplace options',
    help='Where utter-va-engine advertises this cloud\'s offers.')

marketplace_opts = [
    cfg.StrOpt('driver',
               default='none',
               help='The marketplace driver, by its name in the '
                    'utter_va.marketplace namespace: "none" advertises '
                    'nowhere (buyers must know this cloud\'s URL); '
                    '"pool" publishes signed offers and anonymous order '
                    'events to the utter-pool of the [pool] group (join '
                    'it first with utter-va-manage pool join).'),
]


def register_opts(conf):
    conf.register_group(marketplace_group)
    conf.register_opts(marketplace_opts, group=marketplace_group)


def list_opts():
    return {marketplace_group: marketplace_opts}
