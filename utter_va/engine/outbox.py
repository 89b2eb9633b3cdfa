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

"""utter-va's own notifications, and the buyers' callbacks, of order changes.

Every order transition, whoever made it (the API, the ledger, an engine),
is in the transition log; the engine publishes each one once:

* as a versioned notification ``order.<state>`` (order.paid, order.active,
  order.suspended, order.terminated, ...) through oslo.messaging, with
  publisher ``utter-va-engine:<host>``, so other services can follow
  sales. Delivery is at least once: a crash between sending and recording
  sends it again.
* as a callback delivery, queued in the same transaction, when the order
  has a callback URL (see :mod:`utter_va.engine.callbacks`). A callback
  reaches whoever the buyer named, so it carries only what the buyer's own
  view of the order shows (``GET /v1/orders/{id}`` with the order token),
  under the same names: never the server id, the client network, the
  callback URL or the cause written into the transition log.
"""

from oslo_log import log
import oslo_messaging
from oslo_serialization import jsonutils
from oslo_utils import timeutils

from utter_va import conf
from utter_va.db import outbox as db_outbox
from utter_va.orders import reach

CONF = conf.CONF
LOG = log.getLogger(__name__)

MSAT_PER_SAT = 1000
PAYLOAD_NAME = 'OrderPayload'
PAYLOAD_VERSION = '1.1'
BATCH = 200


def _time(value):
    return value.isoformat() + 'Z' if value else None


def order_payload(order, transition):
    """The versioned payload of one order change."""
    families = reach.split(order.server_addresses, order.floating_ip_address)
    return {
        'utter_va_object.name': PAYLOAD_NAME,
        'utter_va_object.namespace': 'utter_va',
        'utter_va_object.version': PAYLOAD_VERSION,
        'utter_va_object.data': {
            'order_id': order.id,
            'state': transition.to_state,
            'previous_state': transition.from_state,
            'cause': transition.cause,
            'close_reason': order.close_reason,
            'flavor_id': order.flavor_id,
            'flavor_name': order.flavor_name,
            'image': order.image,
            'price_msat_per_hour': order.price_msat_per_hour,
            'paid_msat': order.paid_msat,
            'paid_until': _time(order.paid_until),
            'server_id': order.server_id,
            'server_addresses': order.server_addresses or {},
            'server_ipv4': families['ipv4'],
            'server_ipv6': families['ipv6'],
            'changed_at': _time(transition.created_at),
        },
    }


def _buyer_time(value):
    return value.replace(microsecond=0).isoformat() + 'Z' if value else None


def callback_document(order, transition, event_type):
    """The body of a callback: the change, and the order as its buyer sees it.

    ``order`` has the fields of the buyer's view that need no other table
    (no payment requests, no URLs); its state is the one this change led
    to, the rest is the order as it is when the change is published.
    """
    return {
        'event': event_type,
        'transition_id': transition.id,
        'previous_state': transition.from_state,
        'changed_at': _buyer_time(transition.created_at),
        'sent_at': _buyer_time(timeutils.utcnow()),
        'order': {
            'id': order.id,
            'state': transition.to_state,
            'close_reason': order.close_reason,
            'flavor': order.flavor_name,
            'flavor_id': order.flavor_id,
            'image': order.image,
            'hours_requested': order.hours_requested,
            'sats_per_hour': order.price_msat_per_hour // MSAT_PER_SAT,
            'paid_sats': (order.paid_msat or 0) // MSAT_PER_SAT,
            'credited_seconds': order.credited_seconds or 0,
            'paid_until': _buyer_time(order.paid_until),
            'server': reach.server_view(order.server_state,
                                        order.server_addresses,
                                        order.floating_ip_address,
                                        order.image),
            'created_at': _buyer_time(order.created_at),
            'updated_at': _buyer_time(order.updated_at),
        },
    }


class Publisher:
    """Publishes the transition log: notifications, then callbacks."""

    def __init__(self, host, transport=None):
        transport = transport or oslo_messaging.get_notification_transport(
            CONF)
        self.notifier = oslo_messaging.Notifier(
            transport, publisher_id='utter-va-engine:%s' % host)

    def publish(self):
        """Publish what is pending; return how many changes were."""
        return db_outbox.publish_pending(self._publish_one, BATCH)

    def _publish_one(self, session, transition, order):
        event_type = 'order.%s' % transition.to_state
        payload = order_payload(order, transition)
        self.notifier.info({}, event_type, payload)
        if order.callback_url:
            body = jsonutils.dumps(
                callback_document(order, transition, event_type))
            db_outbox.callback_add(session, order.id, transition.id,
                                   order.callback_url, event_type, body)
