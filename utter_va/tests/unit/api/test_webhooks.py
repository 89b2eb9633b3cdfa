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

"""POST /v1/webhooks/<driver>, with the BTCPay driver and a local server."""

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va.tests.unit.api import orders_base
from utter_va.tests.unit.payment.fakes import btcpay_server

PATH = '/v1/webhooks/btcpay'


def rows(model):
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


class TestWebhooks(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.btcpay = self.useFixture(btcpay_server.FakeBTCPayServer())
        self.flags(driver='btcpay', group='payment')
        self.flags(url=self.btcpay.url, store_id='store-1', api_key='key-1',
                   webhook_secret='hook-secret', group='payment_btcpay')
        orders_base.set_price()
        self.order = self.placed(hours=1)
        self.invoice = db_payments.requests_of_order(
            self.order['id'])[0]['external_id']

    def deliver(self, headers, body):
        return self.app.post(PATH, body, headers=headers,
                             extra_environ={'REMOTE_ADDR': '192.0.2.50'},
                             expect_errors=True)

    def test_the_order_is_a_btcpay_invoice(self):
        request = self.order['payment_request']
        self.assertEqual((2000, 2_000_000),
                         (request['amount_sats'], request['amount_msat']))
        self.assertEqual('0.00002',
                         self.btcpay.state.invoices[self.invoice]['amount'])
        self.assertTrue(request['address'].startswith('bcrt1q'))

    def test_signed_delivery_pays_the_order_once(self):
        self.btcpay.pay(self.invoice, '0.00002')
        for _ in range(2):
            response = self.deliver(*self.btcpay.delivery(self.invoice))
            self.assertEqual(200, response.status_code, response.text)
            self.assertEqual({'events': 1}, response.json)
        order = db_api.order_get(self.order['id'])
        self.assertEqual(('paid', 2_000_000, 3600),
                         (order['state'], order['paid_msat'],
                          order['credited_seconds']))
        self.assertEqual(1, rows(models.Payment))
        self.engine.payment_recorded.assert_called_with(self.order['id'])
        shown = self.call('GET', '/v1/orders/%s' % self.order['id'],
                          headers={'X-Order-Token': self.order['token']})
        self.assertEqual(('paid', 2000), (shown.json['state'],
                                          shown.json['paid_sats']))

    def test_forged_deliveries_record_nothing(self):
        self.btcpay.pay(self.invoice, '0.00002')
        headers, body = self.btcpay.delivery(self.invoice)
        forged = [
            self.btcpay.delivery(self.invoice, secret='guessed'),
            ({'Content-Type': 'application/json'}, body),
            (headers, body.replace(b'"type"', b'"Type"')),
            self.btcpay.delivery('unknown-invoice'),
            self.btcpay.delivery(self.invoice, storeId='store-2'),
            (dict(headers, **{'BTCPay-Sig': 'sha256=00'}), body),
        ]
        for forged_headers, forged_body in forged:
            response = self.deliver(forged_headers, forged_body)
            self.assertEqual(400, response.status_code, forged_body)
            self.assertIn('Webhook rejected',
                          response.json['error']['message'])
        self.assertEqual(0, rows(models.Payment))
        self.assertEqual('awaiting_payment',
                         db_api.order_get(self.order['id'])['state'])
        self.engine.payment_recorded.assert_not_called()

    def test_an_invoice_utter_va_never_issued_is_404(self):
        other = self.btcpay.state.invoices[self.invoice].copy()
        other['id'] = 'not-ours'
        other['_payments'] = []
        self.btcpay.state.invoices['not-ours'] = other
        self.btcpay.pay('not-ours', '0.00002')
        response = self.deliver(*self.btcpay.delivery('not-ours'))
        self.assertEqual(404, response.status_code)
        self.assertEqual(0, rows(models.Payment))

    def test_other_drivers_are_404(self):
        for driver in ('fake', 'lnd', 'nope'):
            response = self.app.post('/v1/webhooks/' + driver, b'{}',
                                     expect_errors=True)
            self.assertEqual(404, response.status_code, driver)
            self.assertEqual(404, response.json['error']['code'])

    def test_the_fake_driver_takes_no_webhooks(self):
        self.flags(driver='fake', group='payment')
        response = self.app.post('/v1/webhooks/fake', b'{}',
                                 expect_errors=True)
        self.assertEqual(400, response.status_code)
        self.assertEqual(0, rows(models.Payment))
