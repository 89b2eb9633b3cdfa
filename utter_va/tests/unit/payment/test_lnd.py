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

"""The lnd driver against a local LND REST API over TLS."""

import base64
import hashlib

import bolt11
import requests

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.orders import ledger
from utter_va.payment import base as payment_base
from utter_va.payment import bitcoind
from utter_va.payment import btcpay
from utter_va.payment import fake
from utter_va.payment import lnd
from utter_va.tests import base
from utter_va.tests import fixtures
from utter_va.tests.unit.payment.fakes import lnd_server


class LNDTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.server = self.useFixture(lnd_server.FakeLNDServer())
        self.flags(url=self.server.url, tls_cert=self.server.cert_path,
                   macaroon='0201036c6e64', timeout=5, group='payment_lnd')
        self.driver = lnd.LNDDriver()


class TestInvoices(LNDTestCase):

    def test_invoice_request(self):
        info = self.driver.create_request('order-1', 21_000, 600)
        invoice = self.server.state.invoices[info.external_id]
        self.assertEqual('21000', invoice['value_msat'])
        self.assertEqual('utter-va order order-1', invoice['memo'])
        self.assertEqual('600', invoice['expiry'])
        self.assertIsNone(info.address)
        self.assertTrue(info.invoice.startswith('lnbcrt'))
        self.assertEqual('bitcoin:?lightning=' + info.invoice,
                         info.payment_uri)

    def test_lnurl_invoice_commits_to_the_description_hash(self):
        digest = hashlib.sha256(b'[["text/plain","x"]]').digest()
        self.assertTrue(self.driver.supports_lnurl)
        info = self.driver.create_lnurl_invoice('order-1', 1_234_567, digest,
                                                300)
        invoice = self.server.state.invoices[info.external_id]
        self.assertEqual('1234567', invoice['value_msat'])
        self.assertEqual(digest, base64.b64decode(
            invoice['description_hash']))
        self.assertEqual('300', invoice['expiry'])
        decoded = bolt11.decode(info.invoice)
        self.assertEqual((1_234_567, digest.hex(), info.external_id),
                         (decoded.amount_msat, decoded.description_hash,
                          decoded.payment_hash))
        self.assertEqual('bitcoin:?lightning=' + info.invoice,
                         info.payment_uri)

    def test_lnurl_invoice_needs_a_32_byte_hash(self):
        self.assertRaises(exception.Invalid, self.driver.create_lnurl_invoice,
                          'o', 1000, b'short', 300)
        self.assertEqual({}, self.server.state.invoices)

    def test_the_node_refuses_a_bad_description_hash(self):
        session = requests.Session()
        answer = session.post(
            self.server.url + '/v1/invoices', verify=self.server.cert_path,
            headers={'Grpc-Metadata-macaroon': '0201036c6e64'},
            json={'value_msat': '1000', 'description_hash':
                  base64.b64encode(b'x' * 31).decode()})
        self.assertEqual(500, answer.status_code)
        self.assertEqual('description hash is 31 bytes, must be 32',
                         answer.json()['message'])

    def test_a_paid_or_expired_invoice_cannot_be_paid(self):
        info = self.driver.create_request('o', 1000, 600)
        self.server.settle(info.external_id)
        self.assertRaises(ValueError, self.server.settle, info.external_id)
        late = self.driver.create_request('o', 1000, 1)
        self.server.state.invoices[late.external_id]['creation_date'] = '0'
        self.assertRaises(ValueError, self.server.settle, late.external_id)
        self.assertEqual([], self.driver.poll([{'external_id':
                                                late.external_id}]))
        self.assertEqual('CANCELED', self.server.state.invoices[
            late.external_id]['state'])

    def test_wrong_macaroon_is_a_clear_error(self):
        self.flags(macaroon='00', group='payment_lnd')
        exc = self.assertRaises(exception.PaymentProcessorError,
                                lnd.LNDDriver().create_request, 'o', 1, 60)
        self.assertIn('verification failed', str(exc))
        self.assertNotIn('00', str(exc).replace('500', ''))

    def test_only_the_pinned_certificate_is_trusted(self):
        other, _ = lnd_server.make_certificate(self.server.directory,
                                               'other')
        self.flags(tls_cert=other, group='payment_lnd')
        self.assertRaises(exception.PaymentProcessorError,
                          lnd.LNDDriver().create_request, 'o', 1000, 60)

    def test_no_webhooks(self):
        self.assertRaises(exception.WebhookRejected,
                          self.driver.parse_webhook, {}, b'{}')

    def test_poll_is_lookup_of_each_pending_invoice(self):
        paid = self.driver.create_request('o1', 5000, 600)
        open_ = self.driver.create_request('o2', 7000, 600)
        self.server.settle(paid.external_id)
        events = self.driver.poll([{'external_id': paid.external_id},
                                   {'external_id': open_.external_id},
                                   {'external_id': 'ff' * 32}])
        self.assertEqual([payment_base.PaymentEvent(
            paid.external_id, paid.external_id, 5000, 1,
            payment_base.CONFIRMED)], events)


class TestSubscription(LNDTestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))

    def test_follow_resumes_after_the_stored_settle_index(self):
        first = self.driver.create_request('o1', 1000, 600)
        second = self.driver.create_request('o2', 2000, 600)
        self.server.settle(first.external_id)
        seen = [(e.request_id, index) for e, index in self.driver.follow()]
        self.assertEqual([(first.external_id, 1)], seen)
        self.driver.remember(1)
        self.server.settle(second.external_id)
        seen = [(e.amount_msat, index) for e, index in self.driver.follow()]
        self.assertEqual([(2000, 2)], seen)
        self.driver.remember(2)
        self.driver.remember(1)  # never goes back
        self.assertEqual(2, self.driver.cursor())

    def test_settled_invoice_credits_its_order_once(self):
        self.flags(minimum_purchase_seconds=60, group='payment')
        _, info = fixtures.order_with_request(
            self.driver, 'o-ln', 36_000, 36_000)
        self.server.settle(info.external_id)
        for event, index in self.driver.follow():
            ledger.apply_event('lnd', event)
        for event in self.driver.poll([{'external_id': info.external_id}]):
            ledger.apply_event('lnd', event)  # the reconcile path again
        order = db_api.order_get('o-ln')
        self.assertEqual(3600, order['credited_seconds'])
        self.assertEqual('paid', order['state'])


class TestDriversWithoutLightning(base.TestCase):

    def test_no_lnurl_invoice(self):
        for driver in (fake.FakeDriver, bitcoind.BitcoindDriver,
                       btcpay.BTCPayDriver):
            self.assertFalse(driver.supports_lnurl)
            self.assertRaises(exception.LNURLNotSupported,
                              driver().create_lnurl_invoice, 'o', 1000,
                              b'h' * 32, 60)
