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

"""GET /v1/offers: filters, sorts, pages, freshness and expiry."""

import datetime

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.db import documents as db_documents
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes


class SearchTestCase(base.TestCase):
    """Two approved clouds, A (France) and B (USA), two offers each."""

    def setUp(self):
        super().setUp()
        self.a = fakes.FakeCloud('A', region='eu-west', country='FR')
        self.b = fakes.FakeCloud('B', region='us-east', country='US')
        for cloud in (self.a, self.b):
            self.client.post('/v1/clouds', json=cloud.join())
            db_clouds.set_status(cloud.id, 'approved', timeutils.utcnow())
        self.publish(self.a, fakes.flavor(
            flavor_id='a1', flavor_name='a.small', sats_per_hour=3000),
            fakes.flavor(flavor_id='a2', flavor_name='a.big', vcpus=8,
                         ram_mb=16384, disk_gb=160, sats_per_hour=9000,
                         images=['ubuntu', 'debian']))
        self.publish(self.b, fakes.flavor(
            flavor_id='b1', flavor_name='b.small', sats_per_hour=1000),
            fakes.flavor(flavor_id='b2', flavor_name='b.mid', vcpus=4,
                         ram_mb=8192, sats_per_hour=5000))

    def publish(self, cloud, *items, **kwargs):
        response = self.client.post('/v1/documents',
                                    json=cloud.offers(*items, **kwargs))
        self.assertEqual(202, response.status_code, response.data)

    def names(self, query=''):
        response = self.client.get('/v1/offers' + query)
        self.assertEqual(200, response.status_code, response.data)
        return [o['flavor_name'] for o in response.get_json()['offers']]


class TestSearch(SearchTestCase):

    def test_cheapest_first_with_cloud_and_document(self):
        self.assertEqual(['b.small', 'a.small', 'b.mid', 'a.big'],
                         self.names())
        offer = self.client.get('/v1/offers').get_json()['offers'][0]
        self.assertEqual(self.b.id, offer['cloud']['id'])
        self.assertEqual('US', offer['cloud']['country'])
        self.assertEqual(64, len(offer['document']))
        self.assertTrue(offer['buy_url'].endswith('?flavor=b.small'))
        self.assertIn('reliability', offer)

    def test_filters(self):
        self.assertEqual(['b.mid', 'a.big'], self.names('?min_vcpus=4'))
        self.assertEqual(['a.big'], self.names('?min_ram_mb=10000'))
        self.assertEqual(['a.big'], self.names('?min_disk_gb=100'))
        self.assertEqual(['a.big'], self.names('?image=debian'))
        self.assertEqual(['b.small', 'a.small'],
                         self.names('?max_sats_per_hour=3000'))
        self.assertEqual(['a.small', 'a.big'], self.names('?country=FR'))
        self.assertEqual(['b.small', 'b.mid'], self.names('?region=us-east'))

    def test_pages_with_a_marker(self):
        first = self.client.get('/v1/offers?limit=3').get_json()
        self.assertEqual(3, len(first['offers']))
        rest = self.client.get('/v1/offers?limit=3&marker=%s' %
                               first['next_marker']).get_json()
        self.assertEqual(['a.big'], [o['flavor_name']
                                     for o in rest['offers']])
        self.assertNotIn('next_marker', rest)

    def test_offers_replaced_by_the_next_document(self):
        self.publish(self.a, fakes.flavor(flavor_id='a1',
                                          flavor_name='a.small',
                                          sats_per_hour=500))
        self.assertEqual(['a.small', 'b.small', 'b.mid'], self.names())

    def test_show_one_offer(self):
        offer = self.client.get('/v1/offers').get_json()['offers'][0]
        shown = self.client.get('/v1/offers/' + offer['id']).get_json()
        self.assertEqual(offer, shown['offer'])
        self.assertError(self.client.get('/v1/offers/nope'), 404)

    def test_offer_ids_stay_across_heartbeats(self):
        before = self.client.get('/v1/offers').get_json()['offers']
        self.publish(self.a, fakes.flavor(flavor_id='a1',
                                          flavor_name='a.small',
                                          sats_per_hour=3000))
        after = self.client.get('/v1/offers?country=FR').get_json()['offers']
        self.assertIn(after[0]['id'], [o['id'] for o in before])
        self.assertEqual(db_documents.offer_id(self.a.id, 'a1'),
                         after[0]['id'])

    def test_bad_query_values(self):
        for query in ('min_vcpus=-1', 'min_vcpus=x', 'limit=101', 'limit=0',
                      'sort=cost', 'min_reliability=2',
                      'min_reliability=nan', 'colour=red', 'marker=nope',
                      'limit=1&limit=2'):
            self.assertError(self.client.get('/v1/offers?' + query), 400)


class TestFreshness(SearchTestCase):

    def test_a_cloud_without_heartbeat_vanishes_after_the_window(self):
        now = timeutils.utcnow()
        timeutils.set_time_override(now + datetime.timedelta(seconds=179))
        self.assertEqual(4, len(self.names()))
        timeutils.set_time_override(now + datetime.timedelta(seconds=181))
        self.assertEqual([], self.names())
        # A heartbeat of A brings its offers back; B stays away.
        timeutils.set_time_override(now + datetime.timedelta(seconds=100))
        self.publish(self.a, fakes.flavor(flavor_id='a1',
                                          flavor_name='a.small'))
        timeutils.set_time_override(now + datetime.timedelta(seconds=181))
        self.assertEqual(['a.small'], self.names())

    def test_the_window_is_configurable(self):
        self.config.config(group='pool', freshness_window=10)
        timeutils.set_time_override(timeutils.utcnow() +
                                    datetime.timedelta(seconds=11))
        self.assertEqual([], self.names())

    def test_an_expired_document_shows_nothing(self):
        self.publish(self.a, fakes.flavor(flavor_id='a1',
                                          flavor_name='a.small'),
                     lifetime=60)
        timeutils.set_time_override(timeutils.utcnow() +
                                    datetime.timedelta(seconds=61))
        self.assertEqual(['b.small', 'b.mid'], self.names())
