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

"""Options of following other pools' feeds ([federation] group)."""

from oslo_config import cfg

GROUP = cfg.OptGroup('federation', title='Federation options',
                     help='Other pools whose feeds this pool follows.')

OPTS = [
    cfg.ListOpt('follow', default=[],
                help='Base URLs of the pools whose feeds this pool reads '
                     '(e.g. https://pool.example.org). Every document is '
                     'verified here against the cloud\'s own key; the '
                     'clouds learned so are listed with "via" that pool.'),
    cfg.ListOpt('trusted', default=[],
                help='Followed pools (URLs as in "follow") whose clouds are '
                     'approved on arrival. The clouds of any other followed '
                     'pool stay pending until this pool\'s operator '
                     'approves them (utter-pool-manage cloud approve).'),
    cfg.IntOpt('poll_interval', default=30, min=1,
               help='Seconds between two reads of each followed feed by '
                    '"utter-pool-manage federation follow".'),
    cfg.IntOpt('timeout', default=10, min=1,
               help='Seconds to wait for a followed pool to answer.'),
    cfg.IntOpt('max_documents_per_poll', default=100, min=1, max=1000,
               help='The most feed entries read from one followed pool in '
                    'one poll.'),
]


def register_opts(conf):
    conf.register_group(GROUP)
    conf.register_opts(OPTS, group=GROUP)


def list_opts():
    return {GROUP: OPTS}
