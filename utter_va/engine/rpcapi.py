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

"""Client side of the engine's RPC API: casts from utter-va-api.

The API writes to the database first and then casts, so a cast is only a
nudge: an engine that misses one (none running, the bus down) catches up at
its next sweep. A cast never raises into the API's request.
"""

from oslo_log import log
import oslo_messaging

from utter_va import conf

CONF = conf.CONF
LOG = log.getLogger(__name__)

TOPIC = 'utter-va-engine'


def topic():
    """The engines' topic: one per deployment sharing a message bus."""
    return '%s.%s' % (TOPIC, CONF.orders.deployment_id)


#: 1.0: order_placed, payment_recorded, order_closed.
#: 1.1: prices_changed.
#: 1.2: server_task_requested.
VERSION = '1.2'

_TRANSPORT = None


def get_transport():
    """The RPC transport of this process, created on first use."""
    global _TRANSPORT
    if _TRANSPORT is None:
        _TRANSPORT = oslo_messaging.get_rpc_transport(CONF)
    return _TRANSPORT


def reset():
    """Forget the transport (after a fork, and in tests)."""
    global _TRANSPORT
    if _TRANSPORT is not None:
        _TRANSPORT.cleanup()
    _TRANSPORT = None


class EngineAPI:
    """Casts to any one of the running engines."""

    def __init__(self, transport=None):
        target = oslo_messaging.Target(topic=topic(), version=VERSION)
        self.client = oslo_messaging.get_rpc_client(
            transport or get_transport(), target)

    def _cast(self, method, **kwargs):
        try:
            self.client.prepare().cast({}, method, **kwargs)
        except Exception:
            # NOTE: the database already holds the change; the engine's
            # sweep acts on it even if this nudge is lost.
            LOG.warning('Could not cast %s(%s) to the engine; its next '
                        'sweep will act on it', method, kwargs,
                        exc_info=True)

    def order_placed(self, order_id):
        """A buyer placed an order: its capacity hold starts now."""
        self._cast('order_placed', order_id=order_id)

    def payment_recorded(self, order_id):
        """A payment of ``order_id`` was recorded: boot or resume it."""
        self._cast('payment_recorded', order_id=order_id)

    def prices_changed(self):
        """An operator set or removed a price: recompute what is sellable."""
        self._cast('prices_changed')

    def server_task_requested(self, order_id):
        """A buyer asked for its server's reboot or rebuild: send it."""
        self._cast('server_task_requested', order_id=order_id)

    def order_closed(self, order_id):
        """An operator closed ``order_id``: delete its server, if any."""
        self._cast('order_closed', order_id=order_id)
