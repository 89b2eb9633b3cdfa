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

"""The ledger's rules, through the fake driver, on sqlite."""

import datetime

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.orders import states
from utter_va.payment import base as payment_base
from utter_va.payment import fake
from utter_va.tests import base
from utter_va.tests import fixtures

PRICE = 3_600_000  # msat per hour: 1 msat buys 1 ms; 1000 sats buy 1000 s


class LedgerTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))
        self.flags(minimum_purchase_seconds=600,
                   maximum_duration_seconds=7200, group='payment')
        self.driver = fake.FakeDriver()

    def order(self, state='awaiting_payment', **values):
        order_id = values.pop('id', 'order-%s' % state)
        order, _ = fixtures.order_with_request(
            self.driver, order_id, PRICE, 600_000, state=state, **values)
        return order['id']

    def refunds(self):
        return [(r['amount_msat'], r['reason'])
                for r in db_payments.refunds_owed()]


class TestCredit(LedgerTestCase):

    def test_payment_buys_seconds_at_the_order_price_and_pays(self):
        order_id = self.order()
        payment = ledger.simulate_payment(order_id, 1000)
        self.assertEqual(1_000_000, payment['credited_msat'])
        self.assertEqual(1000, payment['credited_seconds'])
        order = db_api.order_get(order_id)
        self.assertEqual('paid', order['state'])
        self.assertEqual(1000, order['credited_seconds'])
        self.assertIsNone(order['paid_until'])  # the clock starts at ACTIVE
        self.assertEqual(['awaiting_payment', 'paid'], [
            t['to_state'] for t in db_api.order_transitions(order_id)])

    def test_same_payment_twice_credits_once(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 1000, money_key='tx:0')
        again = ledger.simulate_payment(order_id, 1000, money_key='tx:0')
        self.assertEqual(1000, again['credited_seconds'])
        self.assertEqual(1000, db_api.order_get(order_id)['credited_seconds'])
        self.assertEqual(1, len(db_payments.payments_of_order(order_id)))

    def test_below_minimum_is_held_until_enough_arrives(self):
        order_id = self.order()
        held = ledger.simulate_payment(order_id, 400)
        self.assertEqual(0, held['credited_seconds'])
        self.assertEqual('awaiting_payment',
                         db_api.order_get(order_id)['state'])
        ledger.simulate_payment(order_id, 300)
        order = db_api.order_get(order_id)
        self.assertEqual('paid', order['state'])
        self.assertEqual(700, order['credited_seconds'])
        self.assertEqual([400, 300], [
            p['credited_seconds']
            for p in db_payments.payments_of_order(order_id)])

    def test_less_than_a_second_beyond_whole_seconds_is_kept(self):
        order, info = fixtures.order_with_request(
            self.driver, 'o-dust', PRICE, 1_000_500, state='paid',
            credited_seconds=600, paid_msat=600_000)
        payment = ledger.apply_event(fake.NAME, payment_base.PaymentEvent(
            info.external_id, 'dust-1', 1_000_500, 1,
            payment_base.CONFIRMED))
        self.assertEqual((1_000_500, 1000), (payment['credited_msat'],
                                             payment['credited_seconds']))
        self.assertEqual(1_600_500, db_api.order_get('o-dust')['paid_msat'])
        self.assertEqual([], self.refunds())

    def test_sendable_range_of_a_top_up(self):
        order = {'price_msat_per_hour': PRICE, 'credited_seconds': 7000}
        self.assertEqual((1000, 200_000), ledger.sendable_msat(order))
        self.assertEqual((5000, 200_000), ledger.sendable_msat(order, 5000))
        cheap = {'price_msat_per_hour': 3600, 'credited_seconds': 0}
        self.assertEqual((1, 7200), ledger.sendable_msat(cheap))
        full = dict(order, credited_seconds=7200)
        least, most = ledger.sendable_msat(full)
        self.assertGreater(least, most)

    def test_over_maximum_is_owed_back(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 9000)
        order = db_api.order_get(order_id)
        self.assertEqual(7200, order['credited_seconds'])
        self.assertEqual(7_200_000, order['paid_msat'])
        self.assertEqual([(1_800_000, ledger.OWED_OVER_MAXIMUM)],
                         self.refunds())

    def test_payment_to_closed_order_is_owed_back(self):
        for state in states.CLOSED:
            order_id = self.order(state=state)
            ledger.simulate_payment(order_id, 1000)
            self.assertEqual(0, db_api.order_get(order_id)['credited_seconds'])
        self.assertEqual([(1_000_000, ledger.OWED_CLOSED)] * 4,
                         self.refunds())

    def test_top_up_extends_from_paid_until_or_now(self):
        now = timeutils.utcnow()
        future = now + datetime.timedelta(seconds=500)
        order_id = self.order(state='active', paid_until=future,
                              credited_seconds=1000)
        ledger.simulate_payment(order_id, 1000)
        order = db_api.order_get(order_id)
        self.assertEqual(future + datetime.timedelta(seconds=1000),
                         order['paid_until'])
        past = self.order(state='suspended', id='o-past',
                          paid_until=now - datetime.timedelta(hours=1))
        ledger.simulate_payment(past, 1000)
        paid_until = db_api.order_get(past)['paid_until']
        self.assertGreaterEqual(paid_until,
                                now + datetime.timedelta(seconds=1000))
        self.assertLess(paid_until, now + datetime.timedelta(seconds=1010))


class TestReversals(LedgerTestCase):

    def test_reorged_payment_is_taken_back_then_credited_once_if_mined(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 1000, money_key='tx:1')
        reversed_ = ledger.simulate_payment(
            order_id, 1000, money_key='tx:1',
            status=payment_base.REVERSED)
        self.assertEqual('reversed', reversed_['status'])
        self.assertIsNotNone(reversed_['reversed_at'])
        self.assertEqual(0, db_api.order_get(order_id)['credited_seconds'])
        ledger.simulate_payment(order_id, 1000, money_key='tx:1',
                                status=payment_base.REVERSED)
        self.assertEqual(0, db_api.order_get(order_id)['credited_seconds'])
        # Mined again after all: credited again, once however often seen.
        for _ in range(2):
            again = ledger.simulate_payment(order_id, 1000, money_key='tx:1')
            self.assertEqual('confirmed', again['status'])
            self.assertEqual(1000,
                             db_api.order_get(order_id)['credited_seconds'])
        self.assertEqual(1_000_000, db_api.order_get(order_id)['paid_msat'])
        self.assertEqual([], self.refunds())

    def test_reversal_voids_what_was_owed_back_for_the_payment(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 9000, money_key='tx:big')
        self.assertEqual([(1_800_000, ledger.OWED_OVER_MAXIMUM)],
                         self.refunds())
        ledger.simulate_payment(order_id, 9000, money_key='tx:big',
                                status=payment_base.REVERSED)
        self.assertEqual([], self.refunds())
        # The money record stays, void.
        self.assertEqual([(1_800_000, 'void')], [
            (r['amount_msat'], r['status'])
            for r in db_orders.refunds_of_order(order_id)])

    def test_reversed_payment_to_a_closed_order_is_not_owed_back(self):
        order_id = self.order(state='expired')
        ledger.simulate_payment(order_id, 1000, money_key='tx:late')
        self.assertEqual([(1_000_000, ledger.OWED_CLOSED)], self.refunds())
        ledger.simulate_payment(order_id, 1000, money_key='tx:late',
                                status=payment_base.INVALID)
        self.assertEqual([], self.refunds())
        # Confirmed again: owed back again, once.
        for _ in range(2):
            ledger.simulate_payment(order_id, 1000, money_key='tx:late')
        self.assertEqual([], self.refunds())  # invalid stays invalid
        ledger.simulate_payment(order_id, 1000, money_key='tx:late2',
                                status=payment_base.SEEN)
        ledger.simulate_payment(order_id, 1000, money_key='tx:late2',
                                status=payment_base.REVERSED)
        for _ in range(2):
            ledger.simulate_payment(order_id, 1000, money_key='tx:late2')
        self.assertEqual([(1_000_000, ledger.OWED_CLOSED)], self.refunds())

    def test_held_payment_reversed_after_expiry_is_not_owed_back(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 400, money_key='tx:small')
        with db_api.writer() as s:
            s.execute(sa.update(models.PaymentRequest).values(
                expires_at=timeutils.utcnow() - datetime.timedelta(
                    seconds=1)))
        self.assertTrue(closing.expire_unpaid(order_id))
        self.assertEqual([(400_000, closing.OWED_BELOW_MINIMUM)],
                         self.refunds())
        ledger.simulate_payment(order_id, 400, money_key='tx:small',
                                status=payment_base.REVERSED)
        self.assertEqual([], self.refunds())

    def test_reversal_after_cancel_takes_it_off_the_unused_time(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 1000, money_key='tx:a')
        ledger.simulate_payment(order_id, 1000, money_key='tx:b')
        closing.close_by_operator(order_id, states.CANCELLED)
        self.assertEqual([(2_000_000, closing.CANCELLED)], self.refunds())
        ledger.simulate_payment(order_id, 1000, money_key='tx:b',
                                status=payment_base.REVERSED)
        self.assertEqual([(1_000_000, closing.CANCELLED)], self.refunds())
        self.assertEqual([(2_000_000, 'void'), (1_000_000, 'owed')], [
            (r['amount_msat'], r['status'])
            for r in db_orders.refunds_of_order(order_id)])
        # Mined again: a payment to a closed order, owed back in full.
        for _ in range(2):
            ledger.simulate_payment(order_id, 1000, money_key='tx:b')
        self.assertEqual([(1_000_000, closing.CANCELLED),
                          (1_000_000, ledger.OWED_CLOSED)], self.refunds())

    def test_unconfirmed_then_replaced_is_never_credited(self):
        order_id = self.order()
        seen = ledger.simulate_payment(order_id, 1000, money_key='tx:2',
                                       status=payment_base.SEEN)
        self.assertEqual(0, seen['credited_seconds'])
        ledger.simulate_payment(order_id, 1000, money_key='tx:2',
                                status=payment_base.INVALID)
        self.assertEqual(0, db_api.order_get(order_id)['credited_seconds'])
        self.assertEqual('awaiting_payment',
                         db_api.order_get(order_id)['state'])


class TestHolesOfTheOldAppliance(LedgerTestCase):

    def test_payment_to_an_unknown_request_credits_nobody(self):
        self.order()
        event = payment_base.PaymentEvent('not-ours', 'tx:9', 1000, 1,
                                          payment_base.CONFIRMED)
        self.assertRaises(exception.PaymentRequestNotFound,
                          ledger.apply_event, 'fake', event)

    def test_an_address_belongs_to_one_request_forever(self):
        order_id = self.order()
        request = db_payments.requests_of_order(order_id)[0]
        values = {'order_id': order_id, 'driver': 'fake',
                  'external_id': 'another', 'address': request['address'],
                  'amount_msat': 1, 'expires_at': request['expires_at']}
        self.assertRaises(db_exc.DBDuplicateEntry,
                          db_payments.request_create, values)


class TestAmounts(base.TestCase):

    def test_amounts_must_be_positive_integers(self):
        for bad in (0, -1, 1.5, '100', True, None):
            self.assertRaises(exception.InvalidAmount,
                              payment_base.check_amount, bad)
        self.assertEqual(5, payment_base.check_amount(5))

    def test_btc_decimal_parsing_never_floats(self):
        self.assertEqual(123_456_789_000,
                         payment_base.btc_to_msat('1.23456789'))
        self.assertEqual(1, payment_base.btc_to_msat('0.00000000001'))
        self.assertRaises(exception.InvalidAmount,
                          payment_base.btc_to_msat, 0.1)
        self.assertRaises(exception.InvalidAmount,
                          payment_base.btc_to_msat, '0.000000000001')
        self.assertRaises(exception.InvalidAmount,
                          payment_base.btc_to_msat, 'lots')

    def test_payment_uri(self):
        self.assertEqual('bitcoin:bc1qxyz?amount=0.0001',
                         payment_base.payment_uri('bc1qxyz', 10_000_000))
        self.assertEqual(
            'bitcoin:bc1qxyz?amount=0.00012345&lightning=lnbc1abc',
            payment_base.payment_uri('bc1qxyz', 12_345_000, 'lnbc1abc'))
        self.assertEqual('bitcoin:?lightning=lnbc1abc',
                         payment_base.payment_uri(invoice='lnbc1abc'))


class TestLoader(base.TestCase):

    def test_loads_fake_and_refuses_unknown(self):
        from utter_va.common import loader
        self.assertIsInstance(loader.load('utter_va.payment', 'fake'),
                              fake.FakeDriver)
        self.assertRaises(exception.DriverNotFound, loader.load,
                          'utter_va.payment', 'coinbase')

    def test_fake_takes_no_webhooks(self):
        self.assertRaises(exception.WebhookRejected,
                          fake.FakeDriver().parse_webhook, {}, b'{}')


class TestExpiry(LedgerTestCase):

    def _expire_requests(self, order_id):
        from utter_va.db import models
        with db_api.writer() as s:
            for request in s.query(models.PaymentRequest).filter_by(
                    order_id=order_id):
                request.expires_at = timeutils.utcnow() - datetime.timedelta(
                    seconds=1)

    def test_held_payment_is_owed_back_when_the_request_expires(self):
        order_id = self.order()
        ledger.simulate_payment(order_id, 400)  # below the 600 s minimum
        self.assertFalse(closing.expire_unpaid(order_id))  # still live
        self._expire_requests(order_id)
        self.assertTrue(closing.expire_unpaid(order_id))
        order = db_api.order_get(order_id)
        self.assertEqual('expired', order['state'])
        self.assertEqual('expired_unpaid', order['close_reason'])
        self.assertEqual([(400_000, closing.OWED_BELOW_MINIMUM)],
                         self.refunds())
        self.assertFalse(closing.expire_unpaid(order_id))  # once only
        # A payment that arrives now is owed back in full.
        ledger.simulate_payment(order_id, 1000)
        self.assertEqual([400_000, 1_000_000],
                         sorted(r[0] for r in self.refunds()))

    def test_late_payment_is_credited_while_the_order_can_run(self):
        order_id = self.order()
        self._expire_requests(order_id)
        payment = ledger.simulate_payment(order_id, 1000)
        self.assertEqual(1000, payment['credited_seconds'])
        self.assertEqual('paid', db_api.order_get(order_id)['state'])
        self.assertFalse(closing.expire_unpaid(order_id))
