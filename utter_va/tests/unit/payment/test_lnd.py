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

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.orders import ledger
from utter_va.payment import base as payment_base
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
