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

"""The storefront and buyers' own images: every field of an order has its
input and its place for an error, the pages read only what the API gives,
and an image's URL is only ever shown as text."""

import os
import re

from utter_va.api.schemas import orders as order_schemas
from utter_va.db import prices as db_prices
from utter_va.storefront import messages
from utter_va.tests.unit.api import orders_base
from utter_va.tests.unit.storefront import test_pages

URL = 'https://images.example.org/disk.qcow2'
CHECKSUM = 'sha256:' + 'ab' * 32


def script(name):
    with open(os.path.join(test_pages.STATIC, name)) as f:
        return f.read()


class TestOrderForm(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        page = self.app.get('/store/', extra_environ={
            'REMOTE_ADDR': orders_base.BUYER})
        self.tags = test_pages.elements(page.text).tags
        self.by_id = {attrs['id']: (tag, attrs) for tag, attrs in self.tags
                      if 'id' in attrs}

    def test_every_field_of_an_order_has_an_input_and_an_error(self):
        for field in order_schemas.PLACE_ORDER['properties']:
            self.assertIn(field, self.by_id)
            self.assertEqual('p', self.by_id[field + '-error'][0], field)
            self.assertIn('hidden', self.by_id[field + '-error'][1], field)

    def test_the_script_shows_an_error_at_every_field(self):
        literal = re.search(r'var inputs = \{([^}]*)\}',
                            script('offers.js')).group(1)
        self.assertEqual(set(order_schemas.PLACE_ORDER['properties']),
                         set(re.findall(r'(\w+):', literal)))

    def test_own_image_inputs_are_hidden_until_an_offer_takes_one(self):
        for hidden in ('image-source', 'own-image'):
            self.assertIn('hidden', self.by_id[hidden][1], hidden)
        self.assertEqual(('input', 'url'), (
            self.by_id['image_url'][0], self.by_id['image_url'][1]['type']))
        self.assertEqual('select', self.by_id['image_disk_format'][0])
        self.assertEqual('text', self.by_id['image_checksum'][1]['type'])
        for field in ('image_url', 'image_disk_format', 'image_checksum'):
            self.assertEqual(field + '-hint',
                             self.by_id[field][1]['aria-describedby'])
            self.assertIn(field + '-hint', self.by_id)

    def test_the_choice_is_one_group_of_labelled_radios(self):
        radios = [attrs for tag, attrs in self.tags
                  if tag == 'input' and attrs.get('type') == 'radio']
        self.assertEqual([('image-source-offer', 'offer'),
                          ('image-source-url', 'url')],
                         [(r['id'], r['value']) for r in radios])
        self.assertEqual({'image_source'}, {r['name'] for r in radios})
        self.assertIn('checked', radios[0])
        self.assertIn(('legend', {}), self.tags)


class TestPagesReadTheAPI(orders_base.ApiTestCase):
    """What the scripts read of an own image is what the API answers."""

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.flags(allow_private=True, group='images')
        db_prices.price_set({'flavor_id': 'f-small',
                             'allow_image_url': True})

    def test_offers_page_reads_the_offers_terms(self):
        terms = self.call('GET', '/v1/offers').json['offers'][0][
            'image_url']
        used = set(re.findall(r'terms\.(\w+)', script('offers.js')))
        used |= set(re.findall(r'offer\.image_url\.(\w+)',
                               script('offers.js')))
        self.assertEqual({'disk_formats', 'schemes', 'max_size_mb'}, used)
        self.assertLessEqual(used, set(terms))

    def test_order_page_reads_the_orders_own_image(self):
        placed = self.call('POST', '/v1/orders', self.order_body(
            image=None, image_url=URL, image_disk_format='qcow2',
            image_checksum=CHECKSUM)).json
        used = set(re.findall(r'\bown\.(\w+)', script('order.js')))
        self.assertEqual({'url', 'disk_format', 'checksum', 'status'}, used)
        self.assertLessEqual(used, set(placed['own_image']))
        self.assertEqual('importing', placed['own_image']['status'])

    def test_the_url_is_only_ever_text(self):
        lines = [line for line in script('order.js').splitlines()
                 if 'own.url' in line]
        self.assertEqual(["    $('own-image-url').textContent = own.url;"],
                         lines)


class TestOrderPage(orders_base.ApiTestCase):

    def test_own_image_block_is_hidden_and_its_status_is_a_live_line(self):
        page = self.app.get('/store/order', extra_environ={
            'REMOTE_ADDR': orders_base.BUYER})
        by_id = {attrs['id']: (tag, attrs) for tag, attrs in
                 test_pages.elements(page.text).tags if 'id' in attrs}
        self.assertIn('hidden', by_id['own-image'][1])
        self.assertEqual('status', by_id['own-image-status'][1]['role'])
        copy = by_id['own-image-checksum-copy'][1]
        self.assertEqual(('button', 'copy'), (copy['type'], copy['class']))
        self.assertTrue(copy['aria-label'].startswith('Copy'))
        for name in ('own-image-url', 'own-image-format',
                     'own-image-checksum'):
            self.assertNotEqual('a', by_id[name][0])

    def test_the_import_line_is_a_translated_string(self):
        strings = messages.page_strings()
        self.assertIn('imported and checked',
                      str(strings['own_image_importing']))
        self.assertIn('%(mb)s', str(strings['own_image_checksum_hint']))
        self.assertIn('%(schemes)s', str(strings['own_image_url_hint']))
        self.assertIn('%(formats)s', str(strings['own_image_offered']))
        for name in ('own_image_importing', 'own_image_ready',
                     'own_image_url_missing', 'own_image_checksum_missing',
                     'own_image_offered', 'own_image_url_hint',
                     'own_image_checksum_hint'):
            self.assertIn("'%s'" % name, script('offers.js') +
                          script('order.js'), name)
