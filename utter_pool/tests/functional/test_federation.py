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

"""Two real pools, each on its own PostgreSQL database; B follows A.

A cloud joins and publishes to pool A only. Pool B reads A's feed with
``utter-pool-manage federation follow --once``, verifies every signature
itself, and lists the cloud's offers with ``via`` = A once B's operator
approved the cloud. When A serves a document altered in its database,
B refuses it and keeps the offer it had.
"""

import testtools

from utter_pool.tests.functional import test_pool
from utter_pool.tests.unit import fakes
from utter_protocol import signing


class TestTwoPools(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.a = self.useFixture(test_pool.PoolProcess())
        self.b = self.useFixture(test_pool.PoolProcess(
            '[federation]\nfollow = %s\n' % self.a.url))

    def publish(self, cloud, price):
        status, accepted = self.a.call('POST', '/v1/documents', cloud.offers(
            fakes.flavor(sats_per_hour=price)))
        self.assertEqual(202, status, accepted)
        return accepted

    def follow(self):
        return self.b.manage('federation', 'follow', '--once')

    def prices(self, pool):
        status, found = pool.call('GET', '/v1/offers')
        self.assertEqual(200, status, found)
        return [(o['sats_per_hour'], o['via']) for o in found['offers']]

    def test_b_lists_a_s_offers_verified_and_refuses_an_altered_one(self):
        a, b = self.a, self.b
        cloud = fakes.FakeCloud('Cloud A')
        self.assertEqual(202, a.call('POST', '/v1/clouds', cloud.join())[0])
        a.manage('cloud', 'approve', cloud.id)
        self.publish(cloud, 1234)

        # B learns the cloud, pending until B's own operator decides.
        self.assertIn('1 accepted, 1 refused', self.follow())
        status, shown = b.call('GET', '/v1/clouds/' + cloud.id)
        self.assertEqual(('pending', a.url), (shown['cloud']['status'],
                                              shown['cloud']['via']))
        self.assertEqual([], self.prices(b))
        b.manage('cloud', 'approve', cloud.id)

        accepted = self.publish(cloud, 1200)
        self.assertIn('1 accepted, 0 refused', self.follow())
        self.assertEqual([(1200, None)], self.prices(a))
        self.assertEqual([(1200, a.url)], self.prices(b))
        status, offer = b.call('GET', '/v1/offers')
        self.assertEqual(accepted['document'],
                         offer['offers'][0]['document'])
        status, raw = b.call('GET', '/v1/documents/' + accepted['document'])
        self.assertEqual(200, status)
        signing.verify(cloud.public_key, raw)
        self.assertEqual(cloud.public_key,
                         b.call('GET', '/v1/clouds/' + cloud.id)[1][
                             'cloud']['public_key'])

        # A alters the next document in its database before B reads it.
        altered = self.publish(cloud, 1100)
        self.assertEqual(1, a.sql(
            "UPDATE documents SET envelope = replace(envelope, "
            "'\"sats_per_hour\":1100', '\"sats_per_hour\":1') "
            "WHERE id = %(id)s", id=altered['document']))
        self.assertIn('0 accepted, 1 refused', self.follow())
        self.assertEqual([(1200, a.url)], self.prices(b))
        self.assertEqual(404, b.call('GET', '/v1/documents/' +
                                     altered['document'])[0])
        status_table = b.manage('federation', 'status')
        self.assertIn(a.url, status_table)

        # The cursor moved past it: the cloud's next document comes in.
        self.publish(cloud, 1000)
        self.assertIn('1 accepted, 0 refused', self.follow())
        self.assertEqual([(1000, a.url)], self.prices(b))
