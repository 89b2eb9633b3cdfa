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

"""Options of the order lifecycle ([orders] group)."""

from oslo_config import cfg

orders_group = cfg.OptGroup(
    'orders',
    title='Order lifecycle options',
    help='How utter-va-engine boots, suspends and deletes the servers it '
         'sells, and how it reports their changes.')

orders_opts = [
    cfg.StrOpt('deployment_id',
               default='utter-va',
               help='Written into the metadata of every server this '
                    'deployment boots (utter_va_deployment). The reconciler '
                    'only ever considers servers carrying it, so two '
                    'utter-va deployments may share one cloud project.'),
    cfg.StrOpt('server_name_prefix',
               default='utter-',
               help='Servers are named <prefix><order id>.'),
    cfg.ListOpt('networks',
                default=['auto'],
                help='Networks of the servers sold: "auto" (Nova picks or '
                     'allocates one), "none", or a list of network UUIDs.'),
    cfg.IntOpt('sweep_interval',
               default=10,
               min=1,
               help='Seconds between two sweeps for due orders (paid time '
                    'over, grace period over, unpaid requests expired, '
                    'boots to start or to check).'),
    cfg.IntOpt('sweep_batch_size',
               default=100,
               min=1,
               help='Due orders one sweep of one engine looks at, at most.'),
    cfg.IntOpt('grace_period',
               default=86400,
               min=0,
               help='Seconds a suspended server is kept, waiting for a '
                    'top-up, before it is deleted and its order '
                    'terminated.'),
    cfg.IntOpt('boot_timeout',
               default=600,
               min=10,
               help='Seconds a server may take to become ACTIVE. A server '
                    'that is not ACTIVE by then, or goes to ERROR, is '
                    'deleted and the boot tried again.'),
    cfg.IntOpt('boot_retries',
               default=2,
               min=0,
               help='Boots tried again after the first one failed; then '
                    'the order fails and what was paid is owed back.'),
    cfg.IntOpt('boot_settle_time',
               default=30,
               min=1,
               help='Seconds to wait, after a boot request whose outcome '
                    'was not recorded (an engine crashed), before looking '
                    'for its server and booting again if there is none. '
                    'It covers the time Nova\'s API takes to record a '
                    'request it received.'),
    cfg.IntOpt('action_retry_interval',
               default=15,
               min=1,
               help='Seconds between two tries of a server action (suspend, '
                    'resume, delete) that Nova has not confirmed yet.'),
    cfg.IntOpt('paid_timeout',
               default=3600,
               min=60,
               help='Seconds a paid order may wait for its boot to start '
                    '(Nova unreachable, no capacity) before it fails and '
                    'what was paid is owed back.'),
    cfg.IntOpt('reconcile_interval',
               default=300,
               min=10,
               help='Seconds between two comparisons of Nova\'s servers '
                    'carrying this deployment\'s metadata with the live '
                    'orders, in both directions.'),
    cfg.BoolOpt('delete_orphan_servers',
                default=False,
                help='Delete servers that carry this deployment\'s metadata '
                     'but belong to no live order. Off, they are only '
                     'reported in the log.'),
    cfg.IntOpt('payment_poll_interval',
               default=30,
               min=1,
               help='Seconds between two polls of the payment driver for '
                    'payments to pending requests (the path for drivers '
                    'without webhooks, and the safety net of those with).'),
    cfg.IntOpt('publish_interval',
               default=2,
               min=1,
               help='Seconds between two looks for order changes to '
                    'publish as notifications and callbacks.'),
    cfg.IntOpt('callback_timeout',
               default=5,
               min=1,
               help='Seconds one callback delivery may take in all: '
                    'connecting, TLS, sending and reading the answer. A '
                    'receiver still answering then is cut off and the '
                    'delivery retried later.'),
    cfg.IntOpt('callback_max_attempts',
               default=8,
               min=1,
               help='Tries of one callback before it is abandoned; the '
                    'delay doubles after each failure, from 2 seconds up to '
                    'an hour.'),
    cfg.BoolOpt('callback_allow_private',
                default=False,
                help='Allow callback URLs that resolve to loopback, private '
                     'or link-local addresses. Off, such URLs are refused '
                     'when an order is placed (400) and again before each '
                     'delivery, so a buyer cannot make the engine call the '
                     'cloud\'s internal services.'),
    cfg.IntOpt('personal_data_retention',
               default=7 * 86400,
               min=3600,
               help='Seconds the buyer\'s data of an order (its user data, '
                    'SSH key, client network and callback URL) is kept '
                    'after the order closes; then the engine erases it. '
                    'The transition log, payments and refunds stay. At '
                    'least an hour, so that the last callbacks are sent.'),
    cfg.IntOpt('callback_workers',
               default=4,
               min=1,
               max=64,
               help='Callback deliveries sent at once by one engine, on '
                    'threads of their own; a slow receiver holds one of '
                    'them, at most for callback_timeout.'),
]


def register_opts(conf):
    conf.register_group(orders_group)
    conf.register_opts(orders_opts, group=orders_group)


def list_opts():
    return {orders_group: orders_opts}
