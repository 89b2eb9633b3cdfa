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

"""Server side of the engine's RPC API: the API's casts.

Each cast is a nudge to act now on what the API already wrote to the
database (see :mod:`utter_va.engine.rpcapi`); the sweep would act on it
anyway, a few seconds later.
"""

from oslo_log import log
import oslo_messaging

from utter_va import conf
from utter_va.engine import rpcapi
from utter_va.orders import actions

CONF = conf.CONF
LOG = log.getLogger(__name__)


class EngineEndpoint:
    """The API's casts: placed, paid, closed, prices, server tasks."""

    target = oslo_messaging.Target(version=rpcapi.VERSION)

    def __init__(self, cloud, on_change=None):
        self.cloud = cloud
        self.on_change = on_change or (lambda: None)

    def order_placed(self, context, order_id):
        LOG.debug('Order %s placed', order_id)
        self.on_change()

    def payment_recorded(self, context, order_id):
        LOG.debug('Payment recorded for order %s', order_id)
        actions.nudge(order_id, self.cloud)
        self.on_change()

    def prices_changed(self, context):
        LOG.debug('Prices changed')
        self.on_change()

    def server_task_requested(self, context, order_id):
        LOG.debug('Order %s: the buyer asked for a server task', order_id)
        actions.nudge(order_id, self.cloud)

    def order_closed(self, context, order_id):
        LOG.debug('Order %s closed by an operator', order_id)
        actions.nudge(order_id, self.cloud)
        self.on_change()


def rpc_server(endpoint, host, transport=None):
    """The engine's RPC server on native threads (not started)."""
    transport = transport or rpcapi.get_transport()
    target = oslo_messaging.Target(topic=rpcapi.topic(), server=host)
    return oslo_messaging.get_rpc_server(transport, target, [endpoint],
                                         executor='threading')
