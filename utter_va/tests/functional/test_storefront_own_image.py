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

"""A buyer's own image, ordered in a real browser from the storefront.

The buyer chooses "my own image from a URL" on the offers page, is told
at the checksum field what is wrong with a malformed checksum, places the
order with the right one and pays; minicloud's real Glance imports the
image from a loopback HTTP server (as in :mod:`test_buyer_images`), which
holds the download back until the order page has said that the image is
being imported, and the server boots from it.
"""

import functools
import hashlib
import os
import threading
import time
import urllib.parse

import fixtures as fixtures_lib

from utter_va.orders import ledger
from utter_va.storefront import messages
from utter_va.tests.functional import browser
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_buyer_images
from utter_va.tests.functional import test_storefront
from utter_va.tests.unit.payment.fakes import base as fakes_base

MIB = 1 << 20
IMAGE = 'disk.raw'
#: How long the image server holds Glance's download at most.
HOLD = 60
STATE_AND_LINE = '''() => {
    const line = document.getElementById('own-image-status');
    return [document.body.dataset.state || '',
            line.hidden ? '' : line.textContent];
}'''


class _HeldFiles(test_buyer_images._Files):
    """Serves the test's directory once the test lets it."""

    def __init__(self, *args, gate, **kwargs):
        self.gate = gate
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.gate.wait(HOLD)
        super().do_GET()


class TestStorefrontOwnImage(test_storefront.StorefrontTestBase):
    """An offer that takes the buyer's image, bought in the browser."""

    OPTIONS = {'images': {'url_schemes': 'http', 'allow_private': 'true',
                          'import_poll_interval': 1}}

    def setUp(self):
        super().setUp()
        self.files = self.useFixture(fixtures_lib.TempDir()).path
        self.gate = threading.Event()
        self.base_url = fakes_base.serve(self, functools.partial(
            _HeldFiles, directory=self.files, gate=self.gate))
        self.addCleanup(self.gate.set)
        status, price = self.d.request(
            'PUT', '/v1/prices/%s' % self.flavor.name,
            {'sats_per_hour': test_storefront.SATS_PER_HOUR,
             'images': ['cirros'], 'allow_image_url': True},
            token=self.d.token())
        self.assertEqual(200, status, price)
        ft_fixtures.wait_for(
            lambda: [o for o in self.offered() if o['image_url']],
            test_storefront.WAIT, 'the offer never took own images')

    def image_file(self, size):
        data = os.urandom(size)
        with open(os.path.join(self.files, IMAGE), 'wb') as f:
            f.write(data)
        return 'sha256:' + hashlib.sha256(data).hexdigest()

    def api_reason(self, field, **values):
        """What the page shows under ``field`` for this order body."""
        body = {'flavor': self.flavor.name, 'hours': 1,
                'ssh_public_key': test_storefront.SSH_KEY}
        body.update(values)
        status, answer = self.d.request('POST', '/v1/orders', body)
        self.assertEqual(400, status, answer)
        self.assertEqual(field, answer['error']['field'], answer)
        reason = answer['error']['message'].split(field + ': ', 1)[1]
        return reason[0].upper() + reason[1:]

    def test_own_image_ordered_paid_imported_and_booted(self):
        started = time.monotonic()
        checksum = self.image_file(MIB)
        url = '%s/%s' % (self.base_url, IMAGE)
        strings = messages.page_strings()
        page = self.open_offers()
        requested = []
        page.on('request', lambda request: requested.append(request.url))

        page.select_option('#flavor', self.flavor.name)
        page.locator('#image-source').wait_for()
        self.assertTrue(page.is_hidden('#own-image'))
        # NOTE: the choice is one radio group: the arrow keys move in it.
        page.focus('#image-source-offer')
        page.keyboard.press('ArrowDown')
        self.assertTrue(page.is_checked('#image-source-url'))
        page.locator('#own-image').wait_for()
        self.assertTrue(page.is_hidden('#image'))
        self.assertEqual(['qcow2', 'raw'], page.eval_on_selector_all(
            '#image_disk_format option', 'options => options.map('
            'o => o.value)'))
        self.assertIn('sha256:\u2026 or sha512:\u2026',
                      page.text_content('#image_checksum-hint'))
        self.assertIn('http://', page.text_content('#image_url-hint'))

        page.fill('#image_url', url)
        page.select_option('#image_disk_format', 'raw')
        page.fill('#image_checksum', 'sha256:1234')
        page.fill('#hours', '1')
        page.fill('#ssh_public_key', test_storefront.SSH_KEY)
        self.check_page(page, 'offers-own-image-desktop')
        phone = self.open_offers(browser.PHONE)
        phone.select_option('#flavor', self.flavor.name)
        phone.check('#image-source-url')
        self.check_page(phone, 'offers-own-image-phone')
        phone.close()

        reason = self.api_reason(
            'image_checksum', image_url=url, image_disk_format='raw',
            image_checksum='sha256:1234')
        page.click('#place')
        shown = page.locator('#image_checksum-error:not([hidden])')
        shown.wait_for()
        self.assertEqual(reason, shown.text_content())
        self.assertEqual('true', page.get_attribute('#image_checksum',
                                                    'aria-invalid'))
        self.assertIn('image_checksum-error', page.get_attribute(
            '#image_checksum', 'aria-describedby'))
        self.assertEqual(self.store, page.url)
        self.check_page(page, 'offers-own-image-bad-checksum')
        self.forget_failed_loads()
        self.assertEqual(0, test_storefront.count_orders())

        page.fill('#image_checksum', checksum)
        page.click('#place')
        page.wait_for_url('**/store/order#*',
                          timeout=test_storefront.WAIT_MS)
        order_id, _dot, token = urllib.parse.urlsplit(
            page.url).fragment.partition('.')
        order = self.order_of(order_id, token)
        self.assertEqual({'url': url, 'disk_format': 'raw',
                          'checksum': checksum, 'status': 'importing'},
                         order['own_image'])
        self.assertEqual(IMAGE, order['image'])
        page.locator('#own-image').wait_for()
        self.assertEqual(url, page.text_content('#own-image-url'))
        self.assertEqual('raw', page.text_content('#own-image-format'))
        shortened = page.text_content('#own-image-checksum')
        self.assertLess(len(shortened), len(checksum))
        self.assertTrue(shortened.startswith(checksum[:19]))
        self.assertEqual(checksum, page.get_attribute('#own-image-checksum',
                                                      'title'))
        self.assertEqual(0, page.locator('[href*="%s"], [src*="%s"]' % (
            self.base_url, self.base_url)).count())
        self.browser.context.grant_permissions(
            ['clipboard-read', 'clipboard-write'])
        page.click('#own-image-checksum-copy')
        page.locator('#own-image-checksum-copy',
                     has_text=strings['copied']).wait_for()
        self.assertEqual(checksum, page.evaluate(
            '() => navigator.clipboard.readText()'))
        page.locator('#checkout-payment img.qr[src^="blob:"]').wait_for()
        self.check_page(page, 'checkout-own-image')

        test_storefront.say('placed in %.1fs' % (time.monotonic() - started))
        ledger.simulate_payment(order_id, 120)
        browser.wait_true(
            page, '([state, line]) => document.body.dataset.state === '
            'state && document.getElementById("own-image-status")'
            '.textContent === line',
            ['booting', strings['own_image_importing']],
            timeout=test_storefront.WAIT)
        self.assertTrue(page.is_visible('#own-image-status'))
        self.check_page(page, 'order-own-image-importing')
        self.gate.set()
        self.wait_state(page, 'active')
        self.assertEqual(['active', strings['own_image_ready']],
                         page.evaluate(STATE_AND_LINE))
        self.assertEqual('ready', self.order_of(order_id, token)[
            'own_image']['status'])
        self.check_page(page, 'order-own-image-active')
        self.assertEqual([], [u for u in requested
                              if u.startswith(self.base_url)])
        test_storefront.say('own image: offers page to active in %.1fs' % (
            time.monotonic() - started))
