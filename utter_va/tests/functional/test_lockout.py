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

"""A lock-out attempt on the real API: unpaid orders from 50 networks.

utter-va-api runs as a real process on MariaDB
(:class:`deployment.Deployment`, fake payment driver, proxy headers parsed
and 127.0.0.1 a trusted proxy, so that each request's X-Forwarded-For is
its client). Fifty client networks (25 IPv4 /24s and 25 IPv6 /64s of one
/56) place unpaid orders round the flavors as fast as the caps let them,
each until the API refuses one (a bounded loop); a buyer from another
network must still get a payment request for every flavor that has a
free unit.
"""

import concurrent.futures

import testtools
from testtools import content

from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.functional import deployment

SSH_KEY = test_fixtures.SSH_KEY
#: flavor id -> units the cloud has free.
FLAVORS = {'f-lock-many': 20, 'f-lock-few': 4, 'f-lock-last': 1}
NETWORKS = (['198.18.%d.1' % n for n in range(25)] +
            ['2001:db8:0:%x::1' % n for n in range(25)])
#: The most orders one network tries per flavor (a bounded loop).
TRIES = 6


class TestLockOut(testtools.TestCase):
    """Unpaid orders never lock another buyer out."""

    def setUp(self):
        super().setUp()
        self.d = self.useFixture(deployment.Deployment(options={
            'api': {'trusted_proxies': '127.0.0.1'},
            'oslo_middleware': {'enable_proxy_headers_parsing': 'true'},
            'payment': {'driver': 'fake'},
        }))
        self.d.start_api()
        rows = []
        for flavor_id, free in FLAVORS.items():
            db_prices.price_set({
                'flavor_id': flavor_id, 'flavor_name': 'ft-%s' % flavor_id,
                'vcpus': 1, 'ram_mb': 256, 'disk_gb': 1,
                'images': ['cirros'], 'price_msat_per_hour': 1_000_000,
                'max_units': None, 'enabled': True})
            rows.append({'flavor_id': flavor_id, 'fit_units': free,
                         'held_units': 0, 'sellable_units': free})
        db_capacity.flavor_capacity_store(rows)

    def place(self, flavor, client):
        return self.d.request('POST', '/v1/orders', {
            'flavor': flavor, 'image': 'cirros', 'hours': 1,
            'ssh_public_key': SSH_KEY},
            headers={'X-Forwarded-For': client})

    def attack(self, index):
        """One network's orders, round the flavors, until refused."""
        client = NETWORKS[index]
        flavors = list(FLAVORS)
        answers = []
        for n in range(TRIES):
            flavor = flavors[(index + n) % len(flavors)]
            status, body = self.place(flavor, client)
            answers.append(status)
            self.assertIn(status, (201, 409, 429), body)
            if status != 201:
                break
        return answers

    def test_fifty_networks_of_unpaid_orders_lock_nobody_out(self):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            per_network = pool.map(self.attack, range(len(NETWORKS)))
            answers = [a for network in per_network for a in network]
        placed = answers.count(201)
        self.addDetail('attack', content.text_content(
            '%d requests: %d placed, %d refused 429, %d refused 409' % (
                len(answers), placed, answers.count(429),
                answers.count(409))))
        buyer = {flavor: self.place(flavor, '203.0.113.77')
                 for flavor in FLAVORS}
        self.assertEqual({flavor: 201 for flavor in FLAVORS},
                         {flavor: status for flavor, (status, _)
                          in buyer.items()})
        for status, order in buyer.values():
            self.assertEqual('awaiting_payment', order['state'])
            self.assertTrue(order['payment_request']['address'])
        # [api] max_unpaid_orders_per_client (3) per network stopped each
        # network, and nothing else did.
        self.assertEqual(3 * len(NETWORKS), placed)
        self.assertNotIn(409, answers)
        status, offers = self.d.request('GET', '/v1/offers')
        self.assertEqual(200, status, offers)
        self.assertEqual(sorted(FLAVORS),
                         sorted(o['flavor_id'] for o in offers['offers']))
