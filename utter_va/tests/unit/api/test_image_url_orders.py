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


"""Orders of a buyer's own image: what the API takes and refuses."""

from utter_va.db import api as db_api
from utter_va.db import prices as db_prices
from utter_va.tests.unit.api import orders_base

URL = 'https://images.example.org/disk.qcow2'
CHECKSUM = 'sha256:' + 'ab' * 32


class TestImageURLOrders(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        # NOTE: no DNS here; every host is taken as public but for the
        # literal addresses the tests give.
        self.flags(allow_private=True, group='images')

    def allow(self, allowed=True):
        price = db_prices.price_get('f-small')
        db_prices.price_set({'flavor_id': price['flavor_id'],
                             'allow_image_url': allowed})

    def url_body(self, **values):
        body = {'image_url': URL, 'image_disk_format': 'qcow2',
                'image_checksum': CHECKSUM, 'image': None}
        body.update(values)
        return body   # None: not sent (orders_base.order_body)

    def refused(self, field, **values):
        response = self.place(**self.url_body(**values))
        self.assertEqual(400, response.status_code, response.text)
        self.assertEqual(field, response.json['error']['field'],
                         response.text)
        return response.json['error']['message']

    def test_offer_says_what_it_takes(self):
        self.allow()
        offer = self.call('GET', '/v1/offers').json['offers'][0]
        self.assertEqual({'disk_formats': ['qcow2', 'raw'],
                          'checksum_algorithms': ['sha256', 'sha512'],
                          'schemes': ['https'], 'max_size_mb': 10240},
                         offer['image_url'])

    def test_placed_with_its_own_image(self):
        self.allow()
        placed = self.placed(**self.url_body(
            image_checksum=CHECKSUM.upper().replace('SHA256', 'sha256')))
        self.assertEqual({'url': URL, 'disk_format': 'qcow2',
                          'checksum': CHECKSUM, 'status': 'importing'},
                         placed['own_image'])
        self.assertEqual('disk.qcow2', placed['image'])
        order = db_api.order_get(placed['id'])
        self.assertEqual((URL, 'qcow2', CHECKSUM), (
            order['image_url'], order['image_disk_format'],
            order['image_checksum']))

    def test_offer_that_does_not_allow_it(self):
        self.assertIn('boots only the images it offers',
                      self.refused('image_url'))

    def test_image_and_url_together(self):
        self.allow()
        self.refused('image', image='cirros')

    def test_disk_format_not_allowed(self):
        self.allow()
        self.refused('image_disk_format', image_disk_format='iso')
        self.refused('image_disk_format', image_disk_format=None)

    def test_bad_checksum(self):
        self.allow()
        self.refused('image_checksum', image_checksum='md5:' + '0' * 32)
        self.refused('image_checksum', image_checksum=None)

    def test_url_to_private_address_refused(self):
        self.allow()
        self.flags(allow_private=False, group='images')
        for url in ('https://127.0.0.1/x.img', 'https://10.0.0.8/x.img',
                    'https://[fd00::1]/x.img',
                    'https://169.254.169.254/latest/meta-data'):
            self.assertIn('not public', self.refused('image_url',
                                                     image_url=url))

    def test_plain_http_and_hosts_refused(self):
        self.allow()
        self.refused('image_url', image_url='http://images.example.org/x')
        self.refused('image_url', image_url='ftp://images.example.org/x')
        self.flags(allowed_hosts=['cloud-images.example.net'],
                   group='images')
        self.assertIn('cloud-images.example.net', self.refused('image_url'))

    def test_image_fields_only_with_a_url(self):
        self.refused('image_checksum', image_url=None, image='cirros',
                     image_disk_format=None)

    def test_nothing_to_boot(self):
        self.refused('image', image_url=None, image_disk_format=None,
                     image_checksum=None)
