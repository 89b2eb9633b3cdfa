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

"""The buyer's view of payments, confirmations, deletion date and what is
owed back; the field a 400 names; the QR route's refusals."""

import datetime

import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va.api import errors
from utter_va.api.v1 import order_qr
from utter_va.api.v1 import order_views
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va.orders import ledger
from utter_va.payment import bitcoind
from utter_va.payment import btcpay
from utter_va.payment import fake
from utter_va.payment import lnd
from utter_va.tests import base
from utter_va.tests.unit.api import orders_base


class TestFieldOfErrors(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()

    def error(self, **values):
        response = self.place(**values)
        self.assertEqual(400, response.status_code, response.text)
        return response.json['error']

    def test_a_400_names_the_field_its_message_starts_with(self):
        self.assertEqual('hours', self.error(hours=0)['field'])
        self.assertEqual('ssh_public_key',
                         self.error(ssh_public_key='garbage ' * 8)['field'])
        self.assertEqual('user_data',
                         self.error(user_data='x' * 70000)['field'])
        self.assertEqual('callback_url',
                         self.error(callback_url='ftp://x')['field'])

    def test_no_field_when_the_message_names_none(self):
        response = self.app.post('/v1/orders', 'not json',
                                 content_type='application/json',
                                 expect_errors=True)
        self.assertEqual(400, response.status_code)
        self.assertNotIn('field', response.json['error'])

    def test_only_known_fields_and_only_400s(self):
        self.assertIsNone(errors.field_of('token_hash: no'))
        self.assertIsNone(errors.field_of('hours:no space'))
        self.assertEqual('image', errors.field_of('image: not offered'))
        self.assertNotIn('field',
                         errors.error_body(409, 'hours: sold out')['error'])


class TestBuyerViewOfPayments(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed()

    def show(self):
        response = self.call('GET', '/v1/orders/%s' % self.order['id'],
                             headers={'X-Order-Token': self.order['token']})
        self.assertEqual(200, response.status_code, response.text)
        return response.json

    def test_a_new_order_has_no_payment_and_no_deletion_date(self):
        view = self.show()
        request = view['payment_requests'][0]
        self.assertEqual([], request['payments'])
        self.assertEqual(1, request['confirmations_required'])
        self.assertIsNone(view['delete_after'])
        self.assertEqual(0, view['owed_back_sats'])
        self.assertEqual([], self.order['payment_request']['payments'])

    def test_payments_seen_then_confirmed_with_their_confirmations(self):
        ledger.simulate_payment(self.order['id'], 1000, status='seen',
                                money_key='k1')
        payments = self.show()['payment_requests'][0]['payments']
        self.assertEqual([(1000, 'seen', 1)], [
            (p['amount_sats'], p['status'], p['confirmations'])
            for p in payments])
        self.assertNotIn('money_key', payments[0])
        ledger.simulate_payment(self.order['id'], 1000, money_key='k1')
        self.assertEqual('confirmed', self.show()[
            'payment_requests'][0]['payments'][0]['status'])

    def test_delete_after_is_paid_until_plus_grace_then_from_suspension(self):
        self.flags(grace_period=600, group='orders')
        until = timeutils.utcnow().replace(microsecond=0)
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(
                state='active', paid_until=until))
        view = self.show()
        self.assertEqual((until + datetime.timedelta(seconds=600))
                         .isoformat() + 'Z', view['delete_after'])
        self.assertEqual(600, view['grace_period_seconds'])
        suspended = until + datetime.timedelta(seconds=30)
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(
                state='suspended', suspended_at=suspended))
        self.assertEqual((suspended + datetime.timedelta(seconds=600))
                         .isoformat() + 'Z', self.show()['delete_after'])

    def test_owed_back_counts_what_is_owed_not_what_was_voided(self):
        with db_api.writer() as s:
            db_payments.refund_add(s, self.order['id'], None, 1500, 'x')
            db_payments.refund_add(s, self.order['id'], None, 9000, 'y')
            s.execute(sa.update(models.Refund).where(
                models.Refund.amount_msat == 9000).values(
                    status=db_payments.VOID))
        self.assertEqual(2, self.show()['owed_back_sats'])


class TestConfirmationsRequired(base.TestCase):

    def test_each_driver_says_what_it_waits_for(self):
        self.assertEqual(1, fake.FakeDriver().confirmations_required)
        self.assertEqual(1, lnd.LNDDriver().confirmations_required)
        self.flags(confirmations=3, group='payment_bitcoind')
        self.assertEqual(3, bitcoind.BitcoindDriver().confirmations_required)
        for policy, wanted in (('HighSpeed', 0), ('MediumSpeed', 1),
                               ('LowMediumSpeed', 2), ('LowSpeed', 6)):
            self.flags(speed_policy=policy, group='payment_btcpay')
            self.assertEqual(wanted,
                             btcpay.BTCPayDriver().confirmations_required)

    def test_an_unknown_driver_counts_one(self):
        self.assertEqual(1, order_views.confirmations_required('gone'))


class TestQrRoute(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed()
        self.uri = self.order['payment_request']['payment_uri']

    def qr(self, uri, token=None, order_id=None):
        token = self.order['token'] if token is None else token
        return self.app.get(
            '/v1/orders/%s/qr' % (order_id or self.order['id']),
            {'uri': uri}, headers={'X-Order-Token': token},
            extra_environ={'REMOTE_ADDR': orders_base.BUYER},
            expect_errors=True)

    def test_draws_the_orders_payment_uri_as_svg(self):
        response = self.qr(self.uri)
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual('image/svg+xml', response.content_type)
        self.assertEqual(order_qr.svg(self.uri), response.body)
        self.assertEqual('nosniff',
                         response.headers['X-Content-Type-Options'])
        self.assertEqual("default-src 'none'",
                         response.headers['Content-Security-Policy'])
        self.assertEqual('no-store', response.headers['Cache-Control'])

    def test_draws_a_topup_request_too(self):
        ledger.simulate_payment(self.order['id'], 4000)
        topup = self.call('POST', '/v1/orders/%s/topup' % self.order['id'],
                          {'hours': 1},
                          headers={'X-Order-Token': self.order['token']})
        self.assertEqual(201, topup.status_code, topup.text)
        uri = topup.json['payment_request']['payment_uri']
        self.assertEqual(200, self.qr(uri).status_code)

    def test_refuses_any_other_string(self):
        other = self.placed(remote='192.0.2.77')
        for text in ('bitcoin:bc1qattacker?amount=1', '',
                     other['payment_request']['payment_uri'],
                     self.uri + ' ', self.order['token']):
            response = self.qr(text)
            self.assertEqual(400, response.status_code, text)
            self.assertEqual('uri', response.json['error']['field'])

    def test_a_stranger_gets_the_404_of_a_missing_order(self):
        self.assertEqual(404, self.qr(self.uri, token='wrong').status_code)
        self.assertEqual(404, self.qr(self.uri, token='').status_code)
        self.assertEqual(404, self.qr(
            self.uri, order_id=uuidutils.generate_uuid()).status_code)

    def test_draws_the_lnurl_of_the_buyer_view(self):
        real = order_views.buyer_view

        def with_lnurl(order, requests=None):
            return dict(real(order, requests), lnurl='LNURL1DP68GURN8GHJ7')
        self.useFixture(fixtures.MockPatchObject(
            order_views, 'buyer_view', with_lnurl))
        self.assertEqual(200, self.qr('LNURL1DP68GURN8GHJ7').status_code)
