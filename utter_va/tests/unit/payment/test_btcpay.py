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

"""The btcpay driver against a local Greenfield server."""

import hashlib
import hmac
import json

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.orders import ledger
from utter_va.payment import base as payment_base
from utter_va.payment import btcpay
from utter_va.tests import base
from utter_va.tests import fixtures
from utter_va.tests.unit.payment.fakes import btcpay_server


class BTCPayTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.server = self.useFixture(btcpay_server.FakeBTCPayServer())
        self.flags(url=self.server.url, store_id='store-1', api_key='key-1',
                   webhook_secret='hook-secret', timeout=2,
                   group='payment_btcpay')
        self.driver = btcpay.BTCPayDriver()


class TestSignature(base.TestCase):

    def test_github_style_hmac_vector(self):
        # HMAC-SHA256 of the empty message under key "key", RFC 4231's
        # style: computed independently with hashlib/hmac.
        expected = hmac.new(b'key', b'', hashlib.sha256).hexdigest()
        self.assertEqual('sha256=' + expected, btcpay.sign('key', b''))
        self.assertEqual(
            'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc'
            '2d1a3cd8', btcpay.sign(
                'key', b'The quick brown fox jumps over the lazy dog'))


class TestCreateRequest(BTCPayTestCase):

    def test_invoice_with_address_uri_and_expiry(self):
        info = self.driver.create_request('order-1', 12_345_678, 900)
        invoice = self.server.state.invoices[info.external_id]
        self.assertEqual('0.00012346', invoice['amount'])  # rounded up
        self.assertEqual({'orderId': 'order-1'}, invoice['metadata'])
        self.assertEqual(15, invoice['checkout']['expirationMinutes'])
        self.assertEqual(12_346_000, info.amount_msat)
        self.assertTrue(info.address.startswith('bcrt1q'))
        self.assertEqual('bitcoin:%s?amount=0.00012346' % info.address,
                         info.payment_uri)
        self.assertIsNone(info.invoice)

    def test_bad_api_key_is_a_clear_error(self):
        self.flags(api_key='wrong', group='payment_btcpay')
        exc = self.assertRaises(exception.PaymentProcessorError,
                                btcpay.BTCPayDriver().create_request,
                                'o', 1000, 900)
        self.assertIn('HTTP 401', str(exc))
        self.assertNotIn('wrong', str(exc))

    def test_timeout_is_a_clear_error(self):
        self.flags(timeout=0.2, group='payment_btcpay')
        self.server.state.delay = 1
        exc = self.assertRaises(exception.PaymentProcessorError,
                                btcpay.BTCPayDriver().create_request,
                                'o', 1000, 900)
        self.assertIn('btcpay', str(exc))

    def test_zero_amount_is_refused_before_any_call(self):
        self.assertRaises(exception.InvalidAmount,
                          self.driver.create_request, 'o', 0, 900)
        self.assertEqual({}, self.server.state.invoices)


class TestWebhooks(BTCPayTestCase):

    def setUp(self):
        super().setUp()
        self.info = self.driver.create_request('order-1', 100_000_000, 900)

    def test_events_come_from_the_server_not_the_body(self):
        payment_id = self.server.pay(self.info.external_id, '0.001')
        headers, body = self.server.delivery(
            self.info.external_id, payment={'id': payment_id,
                                            'value': '21'})
        events = self.driver.parse_webhook(headers, body)
        self.assertEqual([payment_base.PaymentEvent(
            self.info.external_id, 'BTC-CHAIN:' + payment_id, 100_000_000,
            1, payment_base.CONFIRMED)], events)

    def test_statuses_and_partial_payments(self):
        self.server.pay(self.info.external_id, '0.0004')
        self.server.pay(self.info.external_id, '0.0003',
                        status='Processing')
        self.server.pay(self.info.external_id, '0.0002', status='Invalid')
        events = self.driver.parse_webhook(
            *self.server.delivery(self.info.external_id))
        self.assertEqual(
            [(40_000_000, 'confirmed'), (30_000_000, 'seen'),
             (20_000_000, 'invalid')],
            [(e.amount_msat, e.status) for e in events])

    def test_rejections_record_nothing(self):
        headers, body = self.server.delivery(self.info.external_id)
        cases = {
            'missing header': ({}, body),
            'forged': ({'BTCPay-Sig': 'sha256=' + '0' * 64}, body),
            'wrong secret': self.server.delivery(self.info.external_id,
                                                 secret='not-it'),
            'truncated body': (headers, body[:-5]),
            'tampered body': (headers, body.replace(b'hook-1', b'hook-2')),
            'not sha256': ({'BTCPay-Sig': headers['BTCPay-Sig'][7:]}, body),
        }
        for name, (h, b) in cases.items():
            self.assertRaises(exception.WebhookRejected,
                              self.driver.parse_webhook, h, b)

    def test_malformed_and_unknown(self):
        body = b'not json'
        headers = {'BTCPay-Sig': btcpay.sign('hook-secret', body)}
        exc = self.assertRaises(exception.WebhookRejected,
                                self.driver.parse_webhook, headers, body)
        self.assertIn('malformed', str(exc))
        exc = self.assertRaises(exception.WebhookRejected,
                                self.driver.parse_webhook,
                                *self.server.delivery('no-such-invoice'))
        self.assertIn('unknown invoice', str(exc))
        other = json.dumps({'invoiceId': self.info.external_id,
                            'storeId': 'store-2'}).encode()
        self.assertRaises(exception.WebhookRejected,
                          self.driver.parse_webhook,
                          {'BTCPay-Sig': btcpay.sign('hook-secret', other)},
                          other)

    def test_header_name_is_case_insensitive(self):
        self.server.pay(self.info.external_id, '0.001')
        headers, body = self.server.delivery(self.info.external_id)
        events = self.driver.parse_webhook(
            {'btcpay-sig': headers['BTCPay-Sig']}, body)
        self.assertEqual(1, len(events))

    def test_poll_reads_pending_requests(self):
        self.server.pay(self.info.external_id, '0.0005')
        events = self.driver.poll([{'external_id': self.info.external_id}])
        self.assertEqual([50_000_000], [e.amount_msat for e in events])


class TestThroughTheLedger(BTCPayTestCase):
    """Replays and redeliveries credit once; a reversal is taken back."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))
        self.flags(minimum_purchase_seconds=60, group='payment')
        _, self.info = fixtures.order_with_request(
            self.driver, 'o-1', 36_000_000, 36_000_000)

    def deliver(self, **extra):
        for event in self.driver.parse_webhook(
                *self.server.delivery(self.info.external_id, **extra)):
            ledger.apply_event('btcpay', event)

    def test_replayed_and_redelivered_credit_once(self):
        payment_id = self.server.pay(self.info.external_id, '0.00036')
        headers, body = self.server.delivery(self.info.external_id)
        for _ in range(3):  # the same delivery replayed
            for event in self.driver.parse_webhook(headers, body):
                ledger.apply_event('btcpay', event)
        self.deliver(isRedelivery=True, originalDeliveryId='x')
        order = db_api.order_get('o-1')
        self.assertEqual(3600, order['credited_seconds'])
        self.assertEqual('paid', order['state'])
        self.server.set_payment_status(self.info.external_id, payment_id,
                                       'Invalid')
        self.deliver(type='InvoiceInvalid')
        self.assertEqual(0, db_api.order_get('o-1')['credited_seconds'])
