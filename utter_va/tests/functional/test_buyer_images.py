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


"""Buyers' own images, imported by minicloud's real Glance from a URL.

A loopback HTTP server plays the buyer's web server: minicloud's Glance
allows web-download from 127.0.0.1 over plain http for the tests only
(tools/minicloud.d/configs.py), and utter-va is told the same by
``[images] url_schemes`` and ``allow_private``. The tests read what Glance
and Nova themselves hold.
"""

import functools
import hashlib
import http.server
import os
import time

import fixtures as fixtures_lib

from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import orders as db_orders
from utter_va.db import prices as db_prices
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.tests import fixtures
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_lifecycle
from utter_va.tests.unit.payment.fakes import base as fakes_base

WAIT = test_lifecycle.WAIT
MIB = 1 << 20


class _Files(http.server.SimpleHTTPRequestHandler):
    """Serves the test's directory, quietly."""

    def log_message(self, *args):
        pass


class BuyerImageTestCase(test_lifecycle.LifecycleCloudTestCase):
    """A deployment that takes buyers' images from 127.0.0.1."""

    OPTIONS = {'images': {'url_schemes': 'http', 'allow_private': 'true',
                          'import_poll_interval': 1,
                          'delete_orphans': 'true'}}

    def setUp(self):
        super().setUp()
        self.session = self.d.cloud.session()
        self.files = self.useFixture(fixtures_lib.TempDir()).path
        self.base_url = fakes_base.serve(self, functools.partial(
            _Files, directory=self.files))

    def image_file(self, name, size):
        """A file of random bytes to serve; its sha256 and sha512."""
        data = os.urandom(size)
        with open(os.path.join(self.files, name), 'wb') as f:
            f.write(data)
        return ('sha256:' + hashlib.sha256(data).hexdigest(),
                'sha512:' + hashlib.sha512(data).hexdigest())

    def glance(self, image_id):
        """Glance's image as its admin sees it, or None once gone."""
        response = self.session.get(
            '/v2/images/' + image_id, raise_exc=False,
            endpoint_filter={'service_type': 'image',
                             'interface': 'public'})
        return response.json() if response.status_code == 200 else None

    def place_url(self, name, checksum):
        return self.place(image=name, image_url=self.base_url + '/' + name,
                          image_disk_format='raw', image_checksum=checksum)


class TestImportedImage(BuyerImageTestCase):

    def test_boots_from_the_imported_image_then_removes_it(self):
        sha256, _sha512 = self.image_file('disk.raw', 10 * MIB)
        self.d.start_api()
        self.d.start_engine()
        order_id = self.place_url('disk.raw', sha256)
        started = time.monotonic()
        ledger.simulate_payment(order_id, 40)
        order = self.wait_order(order_id, 'active')
        test_lifecycle.say('10 MiB image: paid to ACTIVE in %.1fs' % (
            time.monotonic() - started))
        image = self.glance(order['image_glance_id'])
        self.assertEqual(('active', 'private', 10 * MIB),
                         (image['status'], image['visibility'],
                          image['size']))
        self.assertIn('utter-va-order:' + order_id, image['tags'])
        server = self.nova.servers.get(order['server_id'])
        self.assertEqual(order['image_glance_id'], server.image['id'])
        self.wait_order(order_id, 'terminated')
        ft_fixtures.wait_for(
            lambda: self.glance(order['image_glance_id']) is None, WAIT,
            'the image outlived its order')
        ft_fixtures.wait_for(
            lambda: db_api.order_get(order_id)['state_deadline'] is None,
            WAIT, 'the order was never done with')

    def test_wrong_checksum_fails_the_order_and_owes_back(self):
        self.image_file('other.raw', MIB)
        self.d.start_engine()
        order_id = self.place_url('other.raw', 'sha512:' + '0' * 128)
        ledger.simulate_payment(order_id, 40)
        order = self.wait_order(order_id, 'failed')
        self.assertEqual(closing.IMAGE_CHECKSUM_MISMATCH,
                         order['close_reason'])
        self.assertEqual([40_000], [r['amount_msat'] for r in
                                    db_orders.refunds_of_order(order_id)])
        self.assertEqual(set(), self.servers_of(order_id))
        ft_fixtures.wait_for(
            lambda: db_api.order_get(order_id)['state_deadline'] is None,
            WAIT, 'the failed order was never done with')
        self.assertIsNone(db_api.order_get(order_id)['image_glance_id'])

    def test_download_that_fails_fails_the_order(self):
        self.d.start_engine()
        order_id = self.place_url('missing.raw', 'sha256:' + '0' * 64)
        ledger.simulate_payment(order_id, 40)
        order = self.wait_order(order_id, 'failed')
        self.assertEqual(closing.IMAGE_IMPORT_FAILED, order['close_reason'])
        self.assertIn('Glance could not import', '\n'.join(
            t['detail'] or '' for t in db_api.order_transitions(order_id)))


class TestImageURLRefusedAtTheAPI(test_lifecycle.LifecycleCloudTestCase):
    """The production settings: https only, public addresses only."""

    def test_url_to_a_private_address_is_refused(self):
        self.d.start_api()
        db_prices.price_set({
            'flavor_id': self.flavor.id, 'flavor_name': self.flavor.name,
            'vcpus': 1, 'ram_mb': 256, 'disk_gb': 1, 'images': ['cirros'],
            'price_msat_per_hour': 1_000_000, 'enabled': True,
            'allow_image_url': True})
        db_capacity.flavor_capacity_store([{
            'flavor_id': self.flavor.id, 'fit_units': 5, 'held_units': 0,
            'sellable_units': 5}])
        for url in ('https://127.0.0.1/disk.raw', 'https://10.0.0.8/d.raw',
                    'https://169.254.169.254/latest/meta-data',
                    'https://[::1]/disk.raw', 'https://localhost/disk.raw'):
            status, answer = self.d.request('POST', '/v1/orders', {
                'flavor': self.flavor.name, 'hours': 1,
                'ssh_public_key': fixtures.SSH_KEY, 'image_url': url,
                'image_disk_format': 'raw',
                'image_checksum': 'sha256:' + '0' * 64})
            self.assertEqual(400, status, answer)
            self.assertEqual('image_url', answer['error']['field'], answer)
            self.assertIn('not public', answer['error']['message'])
        self.assertEqual([], db_orders.order_list(flavor=self.flavor.id))
