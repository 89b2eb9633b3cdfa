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

"""The market's pages: search with filters, offer detail, Buy link."""

from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes


class TestMarket(base.TestCase):

    def setUp(self):
        super().setUp()
        self.config.config(group='pool', auto_approve=True)
        self.a, self.b = fakes.FakeCloud('Cloud A'), fakes.FakeCloud('Cloud B')
        for cloud, price in ((self.a, 3000), (self.b, 1000)):
            self.client.post('/v1/clouds', json=cloud.join())
            self.client.post('/v1/documents', json=cloud.offers(
                fakes.flavor(flavor_name='m1.%d' % price,
                             sats_per_hour=price)))

    def test_search_lists_the_cheapest_first_with_buy_links(self):
        page = self.client.get('/market/?min_vcpus=&sort=price')
        self.assertEqual(200, page.status_code)
        text = page.get_data(as_text=True)
        self.assertLess(text.index('Cloud B'), text.index('Cloud A'))
        self.assertIn('store/?flavor=m1.1000', text)

    def test_filters_and_errors(self):
        text = self.client.get('/market/?max_sats_per_hour=2000').get_data(
            as_text=True)
        self.assertIn('Cloud B', text)
        self.assertNotIn('Cloud A', text)
        page = self.client.get('/market/?min_vcpus=lots')
        self.assertEqual(400, page.status_code)
        self.assertIn('min_vcpus', page.get_data(as_text=True))

    def test_offer_detail_links_to_its_document_and_checkout(self):
        offer = self.client.get('/v1/offers').get_json()['offers'][0]
        page = self.client.get('/market/offers/' + offer['id'])
        self.assertEqual(200, page.status_code)
        text = page.get_data(as_text=True)
        self.assertIn('/v1/documents/' + offer['document'], text)
        self.assertIn(offer['buy_url'], text)
        self.assertEqual(404, self.client.get('/market/offers/x').status_code)
