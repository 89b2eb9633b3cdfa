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

"""The storefront in a real browser, against the real API and engine.

Debian's Chromium (:mod:`utter_va.tests.functional.browser`) plays the
buyer on the pages utter-va-api serves at ``/store/``; utter-va-engine
boots, suspends and deletes the server on minicloud; payments are made
with the fake driver's ledger path, as ``utter-va-manage payment
simulate`` makes them. Every page is checked with axe-core and
screenshotted at desktop and phone size (into doc/source/user/screenshots
with ``tox -e screenshots``).

The test logs two figures: the seconds from the payment to "active"
shown on the page, and the bytes each page loaded.
"""

import re
import time
import urllib.parse

import sqlalchemy as sa
from testtools import content

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.orders import ledger
from utter_va.storefront import messages
from utter_va.tests import fixtures
from utter_va.tests.functional import browser
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_lifecycle

SATS_PER_HOUR = 3600  # one sat buys one second
WAIT = 180
WAIT_MS = WAIT * 1000
SSH_KEY = fixtures.SSH_KEY
#: What the API answers for a failed request, which Chromium also logs.
_FAILED_LOAD = re.compile(r'Failed to load resource: the server responded '
                          r'with a status of (400|409)')


def say(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


def shrink_png(path):
    """Store a screenshot with a small palette: a few tens of KB each."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert('RGB').quantize(
            colors=32, method=Image.Quantize.MEDIANCUT,
            dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def count_orders():
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(
            models.Order))


class StorefrontTestBase(test_lifecycle.LifecycleCloudTestCase):
    """utter-va on minicloud with a priced tiny flavor, and a browser."""

    ORDERS = dict(test_lifecycle.LifecycleCloudTestCase.ORDERS,
                  grace_period=8, boot_settle_time=3)

    def setUp(self):
        super().setUp()
        self.d.start_api()
        self.d.start_engine()
        status, price = self.d.request(
            'PUT', '/v1/prices/%s' % self.flavor.name,
            {'sats_per_hour': SATS_PER_HOUR, 'images': ['cirros']},
            token=self.d.token())
        self.assertEqual(200, status, price)
        ft_fixtures.wait_for(self.offered, WAIT, 'the offer is not listed')
        self.browser = self.useFixture(browser.Browser())
        self.store = self.d.api_url + '/store/'

    def offered(self):
        status, offers = self.d.request('GET', '/v1/offers')
        return [o for o in offers['offers']
                if o['flavor_name'] == self.flavor.name]

    def order_of(self, order_id, token):
        status, order = self.d.request(
            'GET', '/v1/orders/%s' % order_id,
            headers={'X-Order-Token': token})
        self.assertEqual(200, status, order)
        return order

    def qr_text(self, page, selector):
        """The text of the QR code ``selector`` shows, once it is drawn."""
        qr = page.locator(selector)
        qr.wait_for()
        browser.wait_true(
            page, 'img => img.complete && img.naturalWidth > 0 && '
            'img.src.startsWith("blob:")', qr.element_handle())
        return browser.decode_qr(qr.screenshot())

    def check_page(self, page, name):
        """axe-core, no sideways scrolling, a screenshot; bytes loaded."""
        self.browser.check_accessibility(page)
        width = page.viewport_size['width']
        self.assertLessEqual(page.evaluate(
            'document.documentElement.scrollWidth'), width, page.url)
        shrink_png(self.browser.screenshot(page, name))
        return browser.transfer_size(page)

    def figure(self, name, value):
        say('%s: %s' % (name, value))
        self.addDetail(name, content.text_content(str(value)))

    def open_offers(self, viewport=browser.DESKTOP):
        page = self.browser.new_page(viewport)
        page.goto(self.store)
        page.locator('#flavor option[value="%s"]' % self.flavor.name
                     ).wait_for(state='attached')
        return page

    def fill_order(self, page, key=SSH_KEY, hours='1', user_data=None):
        page.select_option('#flavor', self.flavor.name)
        page.fill('#image', 'cirros')
        page.fill('#hours', hours)
        page.fill('#ssh_public_key', key)
        if user_data is not None:
            page.fill('#user_data', user_data)

    def wait_state(self, page, state, timeout=WAIT_MS):
        page.locator('body[data-state="%s"]' % state).wait_for(
            state='attached', timeout=timeout)

    def forget_failed_loads(self):
        """Drop Chromium's own lines about the 4xx a test provoked."""
        self.browser.console_errors[:] = [
            line for line in self.browser.console_errors
            if not _FAILED_LOAD.search(line)]


class TestStorefrontPurchase(StorefrontTestBase):
    """A buyer's whole purchase, in the browser, to terminated.

    The server boots on minicloud's tenant network with a floating IP, so
    the page shows a real public address and the ssh line to it.
    """

    OPTIONS = {
        'network': {'mode': 'floating', 'external_network': 'public',
                    'ssh_users': 'cirros:cirros'},
        'orders': dict(StorefrontTestBase.ORDERS, networks='auto'),
    }

    def test_buy_pay_boot_top_up_suspend_terminate(self):
        offers = self.open_offers()
        self.figure('bytes-offers-page', self.check_page(
            offers, 'offers-desktop'))
        phone = self.open_offers(browser.PHONE)
        self.check_page(phone, 'offers-phone')
        phone.close()

        self.fill_order(offers)
        offers.click('#place')
        offers.wait_for_url('**/store/order#*', timeout=WAIT_MS)
        page = offers
        fragment = urllib.parse.urlsplit(page.url).fragment
        order_id, _dot, token = fragment.partition('.')
        self.assertNotIn(token, urllib.parse.urlsplit(page.url).path)
        order = self.order_of(order_id, token)
        self.assertEqual('awaiting_payment', order['state'])
        uri = order['payment_requests'][0]['payment_uri']

        self.assertEqual(uri, self.qr_text(page, '#checkout-payment img.qr'))
        self.assertEqual(order['payment_requests'][0]['address'],
                         page.input_value('#checkout-payment-address'))
        self.assertEqual(page.url, page.input_value('#order-link'))
        self.figure('bytes-order-page', self.check_page(
            page, 'checkout-desktop'))
        phone = self.browser.new_page(browser.PHONE)
        phone.goto(page.url)
        phone.locator('#checkout-payment img.qr[src^="blob:"]').wait_for()
        self.check_page(phone, 'checkout-phone')
        phone.close()

        ledger.simulate_payment(order_id, 90, status='seen',
                                money_key='sf-%s' % order_id)
        page.get_by_text(re.compile('Payment seen: 0 of 1|Payment seen: '
                                    '1 of 1')).wait_for()
        self.check_page(page, 'checkout-payment-seen')
        started = time.monotonic()
        ledger.simulate_payment(order_id, 90, money_key='sf-%s' % order_id)
        self.wait_state(page, 'active')
        self.figure('seconds-payment-to-active-on-page',
                    '%.1f' % (time.monotonic() - started))
        self.assertEqual(messages.state_sentences()['active'],
                         page.text_content('#state'))

        server = self.order_of(order_id, token)['server']
        [public] = server['ipv4']['public']
        self.assertEqual('ssh cirros@%s' % public, server['ssh_command'])
        browser.wait_true(
            page, 'line => document.getElementById("ssh-line").value === '
            'line', server['ssh_command'])
        self.assertIn('%s (%s)' % (public, messages.page_strings()[
            'address_ipv4_public']), page.text_content('#addresses'))
        self.check_page(page, 'order-active-desktop')
        phone = self.browser.new_page(browser.PHONE)
        phone.goto(page.url)
        self.wait_state(phone, 'active')
        self.check_page(phone, 'order-active-phone')
        phone.close()

        page.click('#reboot')
        page.get_by_text(re.compile('Done: the order is now')).wait_for()
        self.wait_state(page, 'active')

        before = int(page.get_attribute('#paid-left', 'data-seconds-left'))
        page.fill('#topup-hours', '1')
        page.click('#topup-submit')
        drawn = self.qr_text(page, '#topup-payment img.qr')
        topup = self.order_of(order_id, token)['payment_requests'][-1]
        self.assertEqual('topup', topup['purpose'])
        self.assertEqual(topup['payment_uri'], drawn)
        self.check_page(page, 'topup-desktop')
        ledger.simulate_payment(order_id, 20)
        browser.wait_true(
            page, 'before => Number(document.getElementById('
            '"paid-left").dataset.secondsLeft) > before', before)

        self.wait_state(page, 'suspended')
        self.assertIn(messages.state_sentences()['suspended'],
                      page.text_content('#state'))
        self.assertTrue(page.text_content('#delete-after'))
        self.check_page(page, 'order-suspended')
        self.wait_state(page, 'terminated')
        page.locator('#close-reason:not([hidden])').wait_for()
        self.assertEqual(messages.reason_sentences()['paid_time_over'],
                         page.text_content('#close-reason'))
        self.check_page(page, 'order-terminated')


class TestStorefrontBadInput(StorefrontTestBase):
    """What the API refuses is said at the field, and nothing is made."""

    CASES = (
        ('ssh_public_key', {'key': 'ssh-ed25519 garbage-not-base64-at-all '
                                   'buyer@example'}),
        ('user_data', {'user_data': 'x' * 50000}),
        ('hours', {'hours': '0'}),
    )

    def api_message(self, field, values):
        body = {'flavor': self.flavor.name, 'image': 'cirros',
                'hours': int(values.get('hours', '1')),
                'ssh_public_key': values.get('key', SSH_KEY)}
        if 'user_data' in values:
            body['user_data'] = values['user_data']
        status, answer = self.d.request('POST', '/v1/orders', body)
        self.assertEqual(400, status, answer)
        self.assertEqual(field, answer['error']['field'])
        # NOTE: the page shows the reason under its field, without the
        # words that name the field.
        reason = answer['error']['message'].split(field + ': ', 1)[1]
        return reason[0].upper() + reason[1:]

    def test_bad_input_is_shown_at_its_field(self):
        page = self.open_offers()
        for field, values in self.CASES:
            message = self.api_message(field, values)
            self.fill_order(page, **values)
            page.click('#place')
            shown = page.locator('#%s-error:not([hidden])' % field)
            shown.wait_for()
            self.assertEqual(message, shown.text_content())
            self.assertEqual('true',
                             page.get_attribute('#' + field, 'aria-invalid'))
            self.assertIn('%s-error' % field, page.get_attribute(
                '#' + field, 'aria-describedby'))
            self.assertEqual(self.store, page.url)
            if field == 'user_data':
                self.check_page(page, 'bad-input-desktop')
            self.forget_failed_loads()
            page.fill('#user_data', '')
        self.assertEqual(0, count_orders())
        phone = self.open_offers(browser.PHONE)
        self.fill_order(phone, hours='0')
        phone.click('#place')
        phone.locator('#hours-error:not([hidden])').wait_for()
        self.check_page(phone, 'bad-input-phone')
        self.forget_failed_loads()
        self.assertEqual(0, count_orders())


class TestStorefrontKeyboard(StorefrontTestBase):
    """A buyer with a keyboard and no mouse places an order."""

    # NOTE: the focused element, and whether its focus can be seen: an
    # outline or a shadow the page draws for it.
    FOCUSED = '''() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {id: el.id, tag: el.tagName.toLowerCase(),
                visible: (style.outlineStyle !== 'none' &&
                          parseFloat(style.outlineWidth) > 0) ||
                         style.boxShadow !== 'none'};
    }'''

    def tab_to(self, page, element_id, most=40):
        """Press Tab until ``element_id`` has the focus; what was passed."""
        passed = []
        for _ in range(most):
            page.keyboard.press('Tab')
            focused = page.evaluate(self.FOCUSED)
            self.assertTrue(focused['visible'],
                            'no visible focus on %s' % focused)
            passed.append(focused['id'] or focused['tag'])
            if focused['id'] == element_id:
                return passed
        self.fail('Tab never reached #%s; it went through %s' % (
            element_id, passed))

    def test_order_placed_with_the_keyboard_alone(self):
        page = self.open_offers()
        self.tab_to(page, 'flavor')
        self.tab_to(page, 'image')
        page.keyboard.press('Control+A')
        page.keyboard.type('cirros')
        self.tab_to(page, 'hours')
        page.keyboard.press('Control+A')
        page.keyboard.type('2')
        self.tab_to(page, 'ssh_public_key')
        page.keyboard.insert_text(SSH_KEY)
        self.tab_to(page, 'place')
        page.keyboard.press('Enter')
        page.wait_for_url('**/store/order#*', timeout=WAIT_MS)
        order_id, _dot, token = urllib.parse.urlsplit(
            page.url).fragment.partition('.')
        order = self.order_of(order_id, token)
        self.assertEqual(2, order['hours_requested'])
        self.assertEqual(self.flavor.name, order['flavor'])
        # NOTE: the checkout's own controls are reached the same way.
        page.locator('#checkout-payment img.qr').wait_for()
        self.tab_to(page, 'order-link')
