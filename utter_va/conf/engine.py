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

"""Options of the utter-va engine service ([engine] group)."""

from oslo_config import cfg

engine_group = cfg.OptGroup(
    'engine',
    title='Engine options',
    help='Options of utter-va-engine, the daemon that follows the cloud '
         'on the message bus and runs the order lifecycle.')

engine_opts = [
    cfg.IntOpt('heartbeat_interval',
               default=60,
               min=1,
               help='Seconds between two heartbeats of the engine: each '
                    'heartbeat records in the database that this engine '
                    'is alive, which `utter-va-status upgrade check` and '
                    'operators can read.'),
    cfg.StrOpt('notification_pool',
               default='utter-va-engine',
               help='Pool name of the engine\'s notification listener. '
                    'Engines sharing one database share this name and '
                    'split the stream between them. Never leave it empty: '
                    'a listener without a pool shares its queue with other '
                    'consumers (Ceilometer) and silently gets only part of '
                    'the notifications.'),
    cfg.ListOpt('notification_topics',
                default=['versioned_notifications'],
                help='Topics where Nova sends its versioned notifications '
                     '([notifications] versioned_notifications_topics in '
                     'nova.conf).'),
    cfg.StrOpt('notification_exchange',
               default='nova',
               help='Exchange of Nova\'s notifications. With the default '
                    'of oslo.messaging the listener would receive nothing.'),
    cfg.IntOpt('notification_batch_size',
               default=500,
               min=1,
               help='Notifications handled together in one database '
                    'transaction at most.'),
    cfg.IntOpt('notification_batch_timeout',
               default=1,
               min=1,
               help='Seconds to wait for a batch of notifications to fill '
                    'before handling what has arrived.'),
    cfg.IntOpt('capacity_sync_interval',
               default=300,
               min=10,
               help='Seconds between two full reads of Placement and of '
                    'Nova\'s compute services (also done at start). '
                    'Notifications keep the model current in between.'),
    cfg.FloatOpt('capacity_refresh_delay',
                 default=2.0,
                 min=0.1,
                 help='Seconds to gather notifications about the same '
                      'compute nodes before re-reading those nodes from '
                      'Placement (a boot sends several).'),
]


def register_opts(conf):
    conf.register_group(engine_group)
    conf.register_opts(engine_opts, group=engine_group)


def list_opts():
    return {engine_group: engine_opts}
