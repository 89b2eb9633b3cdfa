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

"""The ledger on real MariaDB: one payment delivered 50 times at once."""

import concurrent.futures

import testtools

from utter_va.db import api as db_api
from utter_va.db import payments as db_payments
from utter_va.orders import ledger
from utter_va.payment import fake
from utter_va.tests import fixtures
from utter_va.tests.functional import fixtures as ft_fixtures


class TestConcurrentDeliveries(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(fixtures.ConfFixture())
        conf.config(minimum_purchase_seconds=60, group='payment')
        self.useFixture(ft_fixtures.MySQLDatabase(migrate=True))

    def test_same_payment_50_times_concurrently_credits_once(self):
        order, _ = fixtures.order_with_request(
            fake.FakeDriver(), 'o-race', 3_600_000, 1_000_000)
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda _: ledger.simulate_payment(
                order['id'], 1000, money_key='txid:0'), range(50)))
        self.assertEqual(50, len(results))
        order = db_api.order_get(order['id'])
        self.assertEqual(1000, order['credited_seconds'])
        self.assertEqual(1_000_000, order['paid_msat'])
        self.assertEqual('paid', order['state'])
        self.assertEqual(1, len(db_payments.payments_of_order(order['id'])))
        self.assertEqual(['awaiting_payment', 'paid'], [
            t['to_state'] for t in db_api.order_transitions(order['id'])])
