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

"""Unpaid orders never lock another buyer out, and never move the price.

And they are counted per real client, whatever headers it sends.
"""

import webtest

from utter_va.api import app as api_app
from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import orders as db_orders
from utter_va.db import prices as db_prices
from utter_va.engine import capacity_model
from utter_va.orders import ledger
from utter_va.orders import offers
from utter_va.payment import base as payment_base
from utter_va.tests.unit.api import orders_base
from utter_va.tests.unit.engine import test_capacity_model as fakes


class TestNoLockOut(orders_base.ApiTestCase):
    """Whoever holds unpaid orders, another buyer gets a payment request."""

    def setUp(self):
        super().setUp()
        self.flags(max_unpaid_orders_per_client=3,
                   unpaid_share_per_flavor=0.5, group='api')

    def offer(self):
        return self.call('GET', '/v1/offers').json['offers'][0]

    def test_many_networks_of_unpaid_orders_do_not_lock_a_flavor_out(self):
        orders_base.set_price(fit_units=4)
        answers = [self.place(remote='198.51.100.%d' % n).status_code
                   for n in range(1, 11) for _ in range(4)]
        # Each network is refused its own 4th order, nothing else.
        self.assertEqual([201, 201, 201, 429] * 10, answers)
        self.assertEqual(201, self.place(remote='203.0.113.7').status_code)
        self.assertEqual(201, self.place(
            remote='2001:db8:9::1').status_code)
        # Counted as holding 2 of 4 (the share); 2 still shown.
        self.assertEqual(2, self.offer()['units_available'])

    def test_the_last_unit_is_not_held_by_an_unpaid_order(self):
        orders_base.set_price(fit_units=1)
        self.placed(remote='198.51.100.1')
        self.assertEqual(1, self.offer()['units_available'])
        self.assertEqual(201, self.place(remote='203.0.113.7').status_code)

    def test_a_payment_seen_holds_the_unit_and_dust_does_not(self):
        orders_base.set_price(fit_units=1)
        first = self.placed(remote='198.51.100.1')
        # 1 sat seen is far below the minimum purchase: still open.
        ledger.simulate_payment(first['id'], 1, status=payment_base.SEEN)
        self.assertEqual(201, self.place(remote='203.0.113.7').status_code)
        # The whole amount seen, on its way to confirmation: it holds.
        ledger.simulate_payment(first['id'], 4000, status=payment_base.SEEN)
        response = self.place(remote='203.0.113.8')
        self.assertEqual(409, response.status_code, response.text)
        self.assertEqual([], self.call('GET', '/v1/offers').json['offers'])


class TestUnpaidHoldsNeverMoveThePrice(orders_base.ApiTestCase):
    """The utilization price follows paid holds, never unpaid ones."""

    def setUp(self):
        super().setUp()
        self.flags(max_unpaid_orders_per_client=10,
                   unpaid_share_per_flavor=1.0, group='api')
        self.flags(utilization_max_multiplier=3.0,
                   utilization_midpoint_units=4, utilization_exponent=1.0,
                   group='pricing')
        self.placement = fakes.FakePlacement()
        self.nova = fakes.FakeNova()
        self.placement.state['u-c1'] = ('c1', 1, fakes.host_inventories())
        self.nova.services.append({'host': 'c1', 'disabled': False,
                                   'up': True})
        # 8 VCPU * 4.0 / 4 = 8 units of m1.big fit on c1.
        db_prices.price_set({
            'flavor_id': 'f-big', 'flavor_name': 'm1.big', 'vcpus': 4,
            'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
            'price_msat_per_hour': 1_000_000, 'max_units': None,
            'enabled': True, 'pricing_driver': 'utilization'})
        self.model = capacity_model.CapacityModel(self.placement, self.nova)
        self.model.full_sync()

    def prices(self):
        """(price in the offers list, price a preview and an order get)."""
        self.model.recompute()
        listed = self.call('GET', '/v1/offers').json['offers'][0]
        price = db_prices.price_get('f-big')
        per_hour = offers.price_now(price, db_orders.capacity_get('f-big'))
        return listed['sats_per_hour'], per_hour // 1000

    def test_unpaid_orders_do_not_raise_the_price(self):
        # scarcity 4 / (4 + 8) = 1/3: 1000 * (1 + 2/3)
        self.assertEqual((1666, 1666), self.prices())
        ids = [self.placed(flavor='m1.big', hours=1,
                           remote='198.51.100.%d' % n)['id']
               for n in range(1, 7)]
        self.assertEqual((1666, 1666), self.prices())
        # The engine still shows the unpaid holds to the operator.
        self.assertEqual(6, db_capacity.flavor_capacity_list()[0][
            'held_units'])
        ledger.simulate_payment(ids[0], 1666)
        # one paid: scarcity 4 / (4 + 7)
        self.assertEqual((1727, 1727), self.prices())


class TestClientBehindProxies(orders_base.ApiTestCase):
    """The unpaid cap counts the real client, whatever headers it sends."""

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.flags(enable_proxy_headers_parsing=True,
                   group='oslo_middleware')
        self.flags(trusted_proxies=['10.0.0.5'],
                   max_unpaid_orders_per_client=1, group='api')
        self.app = webtest.TestApp(api_app.create_app())

    def network_of(self, order):
        return db_api.order_get(order['id'])['client_network']

    def test_the_client_behind_a_trusted_proxy(self):
        order = self.placed(remote='10.0.0.5', headers={
            'X-Forwarded-For': '198.51.100.7, 203.0.113.9'})
        self.assertEqual('203.0.113.9/32', self.network_of(order))
        self.assertEqual(429, self.place(remote='10.0.0.5', headers={
            'X-Forwarded-For': '198.51.100.8, 203.0.113.9'}).status_code)

    def test_forged_headers_from_an_untrusted_peer(self):
        order = self.placed(remote='192.0.2.50', headers={
            'X-Forwarded-For': '198.51.100.7'})
        self.assertEqual('192.0.2.50/32', self.network_of(order))
        self.assertEqual(429, self.place(remote='192.0.2.50', headers={
            'X-Forwarded-For': '198.51.100.8'}).status_code)
