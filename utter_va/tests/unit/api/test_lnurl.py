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

"""Top-ups of any amount over LNURL-pay, against a local LND REST API."""

import base64
import datetime
import hashlib
import json
import urllib.parse

import bolt11
import fixtures
from oslo_utils import timeutils
import sqlalchemy as sa
import webtest

from utter_va.api import app as api_app
from utter_va.common import order_token
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va.engine import sweeper
from utter_va.orders import ledger
from utter_va.payment import lnd
from utter_va.payment import lnurl
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.api import orders_base
from utter_va.tests.unit.payment.fakes import lnd_server

PRICE = 2_000_000  # msat per hour: 2000 sats, 555.6 msat a second
PUBLIC = 'https://sales.example.com'


class LNURLTestCase(orders_base.ApiTestCase):
    """The API with the lnd driver and an active order of 2000 sats/h."""

    def setUp(self):
        super().setUp()
        self.lnd = self.useFixture(lnd_server.FakeLNDServer())
        self.flags(driver='lnd', group='payment')
        self.flags(url=self.lnd.url, tls_cert=self.lnd.cert_path,
                   macaroon='0201036c6e64', timeout=5, group='payment_lnd')
        self.flags(public_url=PUBLIC, group='api')
        self.token = order_token.new()
        self.paid_until = timeutils.utcnow().replace(
            microsecond=0) + datetime.timedelta(hours=1)
        self.order = self.make_order()

    def make_order(self, **values):
        values = dict({'state': 'active', 'price_msat_per_hour': PRICE,
                       'credited_seconds': 3600, 'paid_msat': PRICE,
                       'paid_until': self.paid_until,
                       'token_hash': order_token.digest(self.token)},
                      **values)
        return test_fixtures.create_test_order(**values)

    def view(self, order=None):
        order = order or self.order
        response = self.call('GET', '/v1/orders/%s' % order['id'],
                             headers={'X-Order-Token': self.token})
        self.assertEqual(200, response.status_code, response.text)
        return response.json

    def get(self, url, **params):
        """GET a public URL the way a wallet does: no header, no token."""
        parts = urllib.parse.urlsplit(url)
        path = parts.path
        query = parts.query or urllib.parse.urlencode(params)
        response = self.call('GET', path + ('?' + query if query else ''))
        self.assertEqual('*', response.headers.get(
            'Access-Control-Allow-Origin'), response.text)
        return response

    def pay_url(self, order=None):
        return lnurl.decode(self.view(order)['lnurl'])

    def first_answer(self, order=None):
        response = self.get(self.pay_url(order))
        self.assertEqual(200, response.status_code, response.text)
        return response.json

    def callback(self, amount, order=None):
        answer = self.first_answer(order)
        return self.get(answer['callback'], amount=amount)

    def lnurl_requests(self, order_id=None):
        return [r for r in db_payments.requests_of_order(
            order_id or self.order['id']) if r['purpose'] == lnurl.PURPOSE]

    def assertError(self, response, status, reason=None):
        self.assertEqual(status, response.status_code, response.text)
        self.assertEqual({'status', 'reason'}, set(response.json))
        self.assertEqual('ERROR', response.json['status'])
        if reason:
            self.assertIn(reason, response.json['reason'])


class TestLinks(LNURLTestCase):

    def test_buyer_view_gives_the_lnurl_and_the_lightning_address(self):
        view = self.view()
        code = self.order['pay_code']
        self.assertEqual(view['lnurl'], view['lnurl'].upper())
        self.assertTrue(view['lnurl'].startswith('LNURL1'))
        self.assertEqual(PUBLIC + '/v1/lnurlp/' + code,
                         lnurl.decode(view['lnurl']))
        self.assertEqual(code + '@sales.example.com',
                         view['lightning_address'])
        self.assertRegex(code, r'^[a-z2-7]{26}$')

    def test_every_order_has_its_own_pay_code(self):
        other = self.make_order()
        self.assertNotEqual(self.order['pay_code'], other['pay_code'])

    def test_the_token_and_the_order_id_are_in_no_public_url(self):
        view = self.view()
        answer = self.first_answer()
        invoice = self.get(answer['callback'], amount=5000).json['pr']
        public = [lnurl.decode(view['lnurl']), view['lightning_address'],
                  answer['callback'], answer['metadata'], invoice,
                  bolt11.decode(invoice).description or '']
        for text in public:
            self.assertNotIn(self.token, text)
            self.assertNotIn(self.order['id'], text)
            self.assertNotIn(self.order['token_hash'], text)

    def test_no_links_in_states_that_take_no_top_up(self):
        for state in ('awaiting_payment', 'terminated', 'expired', 'failed',
                      'cancelled'):
            view = self.view(self.make_order(state=state))
            self.assertEqual((None, None), (view['lnurl'],
                                            view['lightning_address']))

    def test_links_in_every_top_up_state(self):
        for state in ('paid', 'booting', 'active', 'suspended'):
            self.assertIsNotNone(self.view(self.make_order(
                state=state))['lnurl'])

    def test_no_links_with_a_driver_without_lightning(self):
        self.flags(driver='fake', group='payment')
        view = self.view()
        self.assertEqual((None, None), (view['lnurl'],
                                        view['lightning_address']))
        response = self.get('/v1/lnurlp/%s' % self.order['pay_code'])
        self.assertError(response, 409, 'no Lightning invoice')

    def test_no_links_when_disabled(self):
        self.flags(enabled=False, group='lnurl')
        self.assertIsNone(self.view()['lnurl'])
        self.assertError(self.get('/v1/lnurlp/%s' % self.order['pay_code']),
                         409)

    def test_http_public_url_gives_an_lnurl_but_no_lightning_address(self):
        # NOTE: a wallet makes https://<domain>/.well-known/lnurlp/<name>
        # of an address; plain http is only for onion domains (LUD-16).
        self.flags(public_url='http://localhost:9870', group='api')
        view = self.view()
        self.assertEqual('http://localhost:9870/v1/lnurlp/%s' %
                         self.order['pay_code'], lnurl.decode(view['lnurl']))
        self.assertIsNone(view['lightning_address'])
        metadata = json.loads(self.first_answer()['metadata'])
        self.assertEqual(['text/plain'], [m[0] for m in metadata])

    def test_address_only_where_a_wallet_reaches_public_url(self):
        for url, domain in (('https://a.example', 'a.example'),
                            ('https://a.example/', 'a.example'),
                            ('https://A.Example', 'a.example'),
                            ('http://x2.onion', 'x2.onion'),
                            ('https://a.example:8443', None),
                            ('https://a.example/api', None),
                            ('http://a.example', None)):
            self.assertEqual(domain, lnurl.address_domain(url), url)


class TestPayRequest(LNURLTestCase):

    def test_first_answer_is_a_lud06_pay_request(self):
        answer = self.first_answer()
        self.assertEqual({'tag', 'callback', 'minSendable', 'maxSendable',
                          'metadata'}, set(answer))
        self.assertEqual('payRequest', answer['tag'])
        self.assertEqual('%s/v1/lnurlp/%s/callback' % (
            PUBLIC, self.order['pay_code']), answer['callback'])
        # NOTE: one second costs 556 msat; a satoshi is the floor.
        self.assertEqual(1000, answer['minSendable'])
        room = 30 * 24 * 3600 - 3600
        self.assertEqual(room * PRICE // 3600, answer['maxSendable'])
        self.assertIsInstance(answer['metadata'], str)
        metadata = json.loads(answer['metadata'])
        self.assertEqual([
            ['text/plain',
             'Paid time for a m1.small server at 2000 sats per hour'],
            ['text/identifier', self.order['pay_code'] +
             '@sales.example.com']], metadata)

    def test_lightning_address_answers_the_same_pay_request(self):
        well_known = self.get('/.well-known/lnurlp/%s' %
                              self.order['pay_code'])
        self.assertEqual(200, well_known.status_code)
        self.assertEqual(self.first_answer(), well_known.json)

    def test_min_sendable_buys_a_whole_second(self):
        price = 36_000_000  # 10 000 msat a second
        order = self.make_order(price_msat_per_hour=price)
        self.assertEqual(10_000, self.first_answer(order)['minSendable'])
        self.flags(min_sendable_msat=50_000, group='lnurl')
        self.assertEqual(50_000, self.first_answer(order)['minSendable'])

    def test_order_at_its_maximum_takes_nothing(self):
        order = self.make_order(credited_seconds=30 * 24 * 3600)
        self.assertError(self.get('/v1/lnurlp/%s' % order['pay_code']), 409,
                         'most paid time')

    def test_closed_order_answers_an_lnurl_error(self):
        for state in ('terminated', 'expired', 'failed', 'cancelled'):
            order = self.make_order(state=state)
            for path in ('/v1/lnurlp/%s', '/v1/lnurlp/%s/callback?amount=5000',
                         '/.well-known/lnurlp/%s'):
                self.assertError(self.get(path % order['pay_code']), 409,
                                 'closed')
        self.assertEqual({}, self.lnd.state.invoices)

    def test_unpaid_order_answers_an_lnurl_error(self):
        order = self.make_order(state='awaiting_payment')
        self.assertError(self.get('/v1/lnurlp/%s' % order['pay_code']), 409,
                         'not paid yet')

    def test_unknown_pay_code_is_an_lnurl_error(self):
        for path in ('/v1/lnurlp/nosuchcode', '/.well-known/lnurlp/x',
                     '/v1/lnurlp/nosuchcode/callback?amount=1000'):
            self.assertError(self.get(path), 404)

    def test_public_routes_need_no_keystone_token(self):
        self.flags(auth_strategy='keystone', group='api')
        app = webtest.TestApp(api_app.create_app())
        answer = app.get('/v1/lnurlp/%s' % self.order['pay_code'])
        self.assertEqual('payRequest', answer.json['tag'])


class TestCallback(LNURLTestCase):

    def test_invoice_of_the_amount_asked_committing_to_the_metadata(self):
        answer = self.first_answer()
        response = self.get(answer['callback'], amount=1_234_567)
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual({'pr', 'routes'}, set(response.json))
        self.assertEqual([], response.json['routes'])
        invoice = bolt11.decode(response.json['pr'])
        self.assertEqual(1_234_567, invoice.amount_msat)
        expected = hashlib.sha256(answer['metadata'].encode()).hexdigest()
        self.assertEqual(expected, invoice.description_hash)
        self.assertEqual(600, invoice.expiry)
        (request,) = self.lnurl_requests()
        self.assertEqual(invoice.payment_hash, request['external_id'])
        node = self.lnd.state.invoices[request['external_id']]
        self.assertEqual('1234567', node['value_msat'])
        self.assertEqual(expected, base64.b64decode(
            node['description_hash']).hex())

    def test_amount_out_of_range_or_not_an_integer_is_an_lnurl_error(self):
        answer = self.first_answer()
        for amount in (answer['minSendable'] - 1, answer['maxSendable'] + 1,
                       0, '-5', '1.5', '1e6', '', ' 5000', '0x1f',
                       '9' * 40):
            response = self.get(answer['callback'], amount=amount)
            self.assertError(response, 400, 'amount: ')
        self.assertError(self.get(answer['callback']), 400, 'amount: ')
        self.assertEqual({}, self.lnd.state.invoices)
        self.assertEqual([], self.lnurl_requests())

    def test_the_range_ends_are_taken(self):
        answer = self.first_answer()
        for amount in (answer['minSendable'], answer['maxSendable']):
            response = self.get(answer['callback'], amount=amount)
            self.assertEqual(200, response.status_code, response.text)

    def test_node_failure_is_an_lnurl_error_that_hides_the_node(self):
        self.flags(macaroon='00', group='payment_lnd')
        response = self.callback(5000)
        self.assertError(response, 502, 'try again later')
        self.assertNotIn('verification', response.text)


class TestPayment(LNURLTestCase):

    def setUp(self):
        super().setUp()
        self.nudge = self.useFixture(fixtures.MockPatch(
            'utter_va.orders.actions.nudge')).mock

    def engine_polls(self):
        return sweeper.Sweeper(None, lnd.LNDDriver()).poll_payments()

    def test_any_amount_buys_prorated_time_once(self):
        amount = 1_234_567
        response = self.callback(amount)
        r_hash = bolt11.decode(response.json['pr']).payment_hash
        self.lnd.settle(r_hash)
        self.assertEqual(1, self.engine_polls())
        seconds = amount * 3600 // PRICE
        self.assertEqual(2222, seconds)
        order = db_api.order_get(self.order['id'])
        self.assertEqual(3600 + seconds, order['credited_seconds'])
        self.assertEqual(self.paid_until + datetime.timedelta(
            seconds=seconds), order['paid_until'])
        self.assertEqual(PRICE + amount, order['paid_msat'])
        # NOTE: the 566 msat beyond the 2222nd second are kept, not owed.
        self.assertEqual([], db_payments.refunds_owed())
        self.nudge.assert_called_once_with(self.order['id'], None)
        # The settle replayed: by the subscription, then by a poll again.
        driver = lnd.LNDDriver()
        for event, index in driver.follow():
            ledger.apply_event('lnd', event)
        self.engine_polls()
        again = db_api.order_get(self.order['id'])
        self.assertEqual(order['credited_seconds'], again['credited_seconds'])
        self.assertEqual(order['paid_until'], again['paid_until'])
        self.assertEqual(1, len(db_payments.payments_of_order(
            self.order['id'])))

    def test_suspended_order_is_paid_like_an_active_one(self):
        order = self.make_order(state='suspended')
        response = self.callback(PRICE, order)
        self.lnd.settle(bolt11.decode(response.json['pr']).payment_hash)
        self.engine_polls()
        self.assertEqual(7200, db_api.order_get(
            order['id'])['credited_seconds'])
        self.nudge.assert_called_once_with(order['id'], None)

    def test_order_closed_before_the_payment_owes_it_back(self):
        response = self.callback(PRICE)
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(state='terminated'))
        self.lnd.settle(bolt11.decode(response.json['pr']).payment_hash)
        self.engine_polls()
        self.assertEqual([PRICE], [r['amount_msat']
                                   for r in db_payments.refunds_owed()])


class TestAbuse(LNURLTestCase):
    """What a stranger who knows the LNURL can and cannot do."""

    CAP = 5

    def expire(self, *requests, ago=datetime.timedelta(minutes=10)):
        with db_api.writer() as s:
            s.execute(sa.update(models.PaymentRequest).where(
                models.PaymentRequest.id.in_([r['id'] for r in requests]))
                .values(expires_at=timeutils.utcnow() - ago))

    def fill(self, first_amount=10_000):
        answer = self.first_answer()
        for amount in range(first_amount, first_amount + self.CAP):
            response = self.get(answer['callback'], amount=amount)
            self.assertEqual(200, response.status_code, response.text)
        return answer

    def test_live_unpaid_invoices_are_capped_per_order(self):
        answer = self.fill()
        response = self.get(answer['callback'], amount=20_000)
        self.assertError(response, 429, 'unpaid invoices')
        self.assertLessEqual(int(response.headers['Retry-After']), 601)
        self.assertEqual(self.CAP, len(self.lnd.state.invoices))

    def test_the_same_amount_gets_the_same_live_invoice(self):
        answer = self.first_answer()
        first = self.get(answer['callback'], amount=7000).json['pr']
        for _ in range(10):
            self.assertEqual(first, self.get(answer['callback'],
                                             amount=7000).json['pr'])
        self.assertEqual(1, len(self.lnd.state.invoices))

    def test_a_nearly_expired_invoice_is_not_given_again(self):
        answer = self.first_answer()
        self.get(answer['callback'], amount=7000)
        (request,) = self.lnurl_requests()
        self.expire(request, ago=datetime.timedelta(seconds=-60))
        self.get(answer['callback'], amount=7000)
        self.assertEqual(2, len(self.lnurl_requests()))

    def test_strangers_never_block_the_buyers_own_top_ups(self):
        self.flags(max_live_requests_per_order=1, group='payment')
        self.fill()
        response = self.call('POST', '/v1/orders/%s/topup' % self.order['id'],
                             {'hours': 1},
                             headers={'X-Order-Token': self.token})
        self.assertEqual(201, response.status_code, response.text)

    def test_expired_unpaid_invoices_are_forgotten_paid_ones_kept(self):
        self.fill()
        requests = self.lnurl_requests()
        self.lnd.settle(requests[0]['external_id'])
        self.expire(*requests)
        response = self.callback(30_000)
        self.assertEqual(200, response.status_code, response.text)
        kept = self.lnurl_requests()
        # The paid one, recorded on the way, and the new one.
        self.assertEqual([requests[0]['id']], [r['id'] for r in kept[:1]])
        self.assertEqual(2, len(kept))
        self.assertEqual(10_000, kept[0]['received_msat'])
        self.assertEqual(3600 + 10_000 * 3600 // PRICE, db_api.order_get(
            self.order['id'])['credited_seconds'])

    def test_rows_an_order_keeps_stay_bounded(self):
        for cycle in range(4):
            self.fill(first_amount=10_000 + 100 * cycle)
            self.expire(*self.lnurl_requests())
        self.callback(99_000)
        self.assertLessEqual(len(self.lnurl_requests()), 1)
        self.assertEqual(4 * self.CAP + 1, len(self.lnd.state.invoices))

    def test_a_stranger_learns_price_and_limits_only(self):
        order = self.make_order(server_addresses={'net': ['203.0.113.5']},
                                ssh_public_key=orders_base.SSH_KEY)
        answers = [self.first_answer(order),
                   self.get('/.well-known/lnurlp/%s' %
                            order['pay_code']).json,
                   self.callback(5000, order).json]
        text = json.dumps(answers)
        for secret in ('203.0.113.5', 'ssh-ed25519', order['id'], 'active',
                       self.token):
            self.assertNotIn(secret, text)

    def test_the_anonymous_rate_limit_counts_lnurl_requests(self):
        self.flags(anonymous_rate_limit=3, group='api')
        app = webtest.TestApp(api_app.create_app())
        path = '/v1/lnurlp/%s' % self.order['pay_code']
        for _ in range(3):
            app.get(path, extra_environ={'REMOTE_ADDR': '198.51.100.7'})
        response = app.get(path, expect_errors=True,
                           extra_environ={'REMOTE_ADDR': '198.51.100.7'})
        self.assertEqual(429, response.status_code)
