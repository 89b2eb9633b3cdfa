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

"""Order changes published once: notifications and signed callbacks."""

import hashlib
import hmac
import json

import oslo_messaging
from oslo_messaging import conffixture as messaging_fixture
from oslo_utils import timeutils

from utter_va.api.v1 import order_views
from utter_va.common import order_token
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import outbox as db_outbox
from utter_va.engine import callbacks
from utter_va.engine import outbox
from utter_va.orders import ledger
from utter_va.payment import fake
from utter_va.tests import base
from utter_va.tests import fixtures
from utter_va.tests.unit.payment.fakes import base as fakes_base

TOKEN = 'the-buyers-secret-token'


class Receiver(fakes_base.JSONHandler):
    """A buyer's callback endpoint that records what it is sent."""

    received = []
    answers = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        type(self).received.append((dict(self.headers), body))
        self._send(type(self).answers.pop(0) if type(self).answers else 204)


class OutboxTestCase(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.flags(minimum_purchase_seconds=60, group='payment')
        self.flags(callback_allow_private=True, group='orders')
        Receiver.received = []
        Receiver.answers = []
        self.url = fakes_base.serve(self, Receiver) + '/hook'
        messaging = self.useFixture(messaging_fixture.ConfFixture(
            self.conf_fixture.conf))
        messaging.transport_url = 'fake:/'
        self.flags(driver=['messagingv2'],
                   group='oslo_messaging_notifications')
        self.transport = oslo_messaging.get_notification_transport(
            self.conf_fixture.conf)
        self.sent = []
        self.publisher = outbox.Publisher('engine-1', self.transport)
        self.publisher.notifier = _Recorder(self.sent)

    def paid_order(self, callback_url=None):
        fixtures.order_with_request(
            fake.FakeDriver(), 'o-1', 3_600_000, 100_000,
            callback_url=callback_url,
            token_hash=order_token.digest(TOKEN))
        ledger.simulate_payment('o-1', 100)


class _Recorder:
    def __init__(self, sent):
        self.sent = sent

    def info(self, context, event_type, payload):
        self.sent.append((event_type, payload))


class TestPublisher(OutboxTestCase):

    def test_each_transition_is_published_once(self):
        self.paid_order()
        self.assertEqual(2, self.publisher.publish())
        self.assertEqual(0, self.publisher.publish())
        self.assertEqual(['order.awaiting_payment', 'order.paid'],
                         [event for event, _ in self.sent])
        payload = self.sent[1][1]
        self.assertEqual('OrderPayload', payload['utter_va_object.name'])
        data = payload['utter_va_object.data']
        self.assertEqual(('o-1', 'paid', 'awaiting_payment', 100_000),
                         (data['order_id'], data['state'],
                          data['previous_state'], data['paid_msat']))

    def test_callbacks_are_queued_only_for_orders_with_a_url(self):
        self.paid_order()
        self.publisher.publish()
        self.assertEqual([], db_outbox.callbacks_of_order('o-1'))

    def test_real_notifier_puts_them_on_the_bus(self):
        publisher = outbox.Publisher('engine-1', self.transport)
        listener_endpoint = _Collect()
        listener = oslo_messaging.get_notification_listener(
            self.transport, [oslo_messaging.Target(topic='notifications')],
            [listener_endpoint], executor='threading')
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)
        self.paid_order()
        publisher.publish()
        fixtures.wait_for(lambda: len(listener_endpoint.events) == 2, 10)
        self.assertEqual(['order.awaiting_payment', 'order.paid'],
                         listener_endpoint.events)


class _Collect:
    def __init__(self):
        self.events = []

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        assert publisher_id == 'utter-va-engine:engine-1'
        self.events.append(event_type)


class TestCallbacks(OutboxTestCase):

    def test_delivered_signed_with_the_token_digest(self):
        self.paid_order(callback_url=self.url)
        self.publisher.publish()
        self.assertEqual(2, callbacks.CallbackSender().send_due())
        self.assertEqual(0, callbacks.CallbackSender().send_due())
        headers, body = Receiver.received[1]
        key = hashlib.sha256(TOKEN.encode()).hexdigest().encode()
        self.assertEqual(
            'sha256=' + hmac.new(key, body, hashlib.sha256).hexdigest(),
            headers['X-Utter-Va-Signature'])
        self.assertEqual('order.paid', headers['X-Utter-Va-Event'])
        document = json.loads(body)
        self.assertEqual('paid', document['order']['state'])
        self.assertEqual(['delivered', 'delivered'], [
            d['status'] for d in db_outbox.callbacks_of_order('o-1')])

    def test_failure_is_retried_with_backoff_then_abandoned(self):
        self.flags(callback_max_attempts=2, group='orders')
        self.paid_order(callback_url=self.url)
        self.publisher.publish()
        Receiver.answers = [500, 500, 500, 500]
        sender = callbacks.CallbackSender()
        self.assertEqual(0, sender.send_due())
        self.assertEqual(0, sender.send_due(), 'retried before its delay')
        timeutils.set_time_override(timeutils.utcnow())
        self.addCleanup(timeutils.clear_time_override)
        timeutils.advance_time_seconds(3)
        self.assertEqual(0, sender.send_due())
        deliveries = db_outbox.callbacks_of_order('o-1')
        self.assertEqual([('abandoned', 2, 'HTTP 500')] * 2, [
            (d['status'], d['attempts'], d['last_error'])
            for d in deliveries])
        self.assertEqual(4, len(Receiver.received))

    def test_private_address_is_refused_without_a_request(self):
        self.flags(callback_allow_private=False, group='orders')
        self.paid_order(callback_url=self.url)
        self.publisher.publish()
        callbacks.CallbackSender().send_due()
        self.assertEqual([], Receiver.received)
        delivery = db_outbox.callbacks_of_order('o-1')[0]
        self.assertEqual('abandoned', delivery['status'])
        self.assertIn('not public', delivery['last_error'])

    def test_check_url(self):
        self.flags(callback_allow_private=False, group='orders')
        for url in ('ftp://example.com/', 'http://127.0.0.1/',
                    'http://169.254.169.254/latest', 'http://[::1]/',
                    'http://10.1.2.3/', 'http:///nohost'):
            self.assertRaises(callbacks.UnsafeURL, callbacks.check_url, url)
        callbacks.check_url('http://93.184.215.14/')


class TestCallbackBody(OutboxTestCase):

    def test_callbacks_carry_only_what_the_buyer_view_shows(self):
        self.flags(public_url='https://sales.example.com', group='api')
        self.paid_order(callback_url=self.url)
        with db_api.writer() as session:
            order = session.get(models.Order, 'o-1')
            order.server_id = 'the-server-uuid-0123'
            order.client_network = '198.51.100.0/24'
            order.server_addresses = {'public': ['203.0.113.9']}
        self.publisher.publish()
        order = db_api.order_get('o-1')
        view = order_views.buyer_view(order, [])
        for delivery in db_outbox.callbacks_of_order('o-1'):
            document = json.loads(delivery['body'])
            self.assertEqual(set(), set(document['order']) - set(view))
            for hidden in ('the-server-uuid-0123', '198.51.100.0',
                           self.url, order['token_hash']):
                self.assertNotIn(hidden, delivery['body'])
            self.assertEqual(view['server'], document['order']['server'])
            for key in ('id', 'flavor', 'flavor_id', 'image',
                        'sats_per_hour', 'paid_sats', 'credited_seconds'):
                self.assertEqual(view[key], document['order'][key], key)
        self.assertEqual(['awaiting_payment', 'paid'], [
            json.loads(d['body'])['order']['state']
            for d in db_outbox.callbacks_of_order('o-1')])
        self.assertEqual('order.paid', document['event'])
        self.assertEqual('awaiting_payment', document['previous_state'])
        # NOTE: the operators' notification on the bus keeps the server.
        self.assertEqual('the-server-uuid-0123',
                         self.sent[-1][1]['utter_va_object.data']['server_id'])
