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

"""The storefront's Lightning parts in a real browser, with the lnd driver.

utter-va-api and utter-va-engine run on minicloud with ``[payment] driver
= lnd``, pointed over HTTPS (its own certificate, a macaroon) at the local
LND REST server of :mod:`utter_va.tests.unit.payment.fakes.lnd_server`,
which runs in the test process; ``[lnurl] enabled``. The buyer pays the
checkout's Lightning invoice, and the test plays a Lightning wallet for
the order page's LNURL-pay block (LUD-01, LUD-06): the invoices are
settled on that server, and the engine's payment poll credits them.

The test logs two figures: the seconds from the invoice's settling to
"active" shown on the page, and from the LNURL invoice's settling to the
paid time rising on the page.
"""

import hashlib
import json
import time
import urllib.parse
import urllib.request

import bech32
import bolt11

from utter_va.tests.functional import browser
from utter_va.tests.functional import test_storefront
from utter_va.tests.unit.payment.fakes import lnd_server

MACAROON = '0201036c6e64'
#: What the wallet sends through the LNURL: 120 s at one sat a second.
TOPUP_MSAT = 120_000


def wallet_get(url):
    """GET ``url`` as a wallet does; the JSON answer."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


class TestStorefrontLightning(test_storefront.StorefrontTestBase):
    """A Lightning checkout, then a top-up through the order's LNURL."""

    ORDERS = dict(test_storefront.StorefrontTestBase.ORDERS,
                  payment_poll_interval=1)

    def deployment_options(self):
        # NOTE: the node is started here, as the options name its URL and
        # certificate; the API and engine reach it on 127.0.0.1.
        self.lnd = self.useFixture(lnd_server.FakeLNDServer(MACAROON))
        options = super().deployment_options()
        options['payment'].update(driver='lnd')
        options['payment_lnd'] = {'url': self.lnd.url,
                                  'tls_cert': self.lnd.cert_path,
                                  'macaroon': MACAROON, 'timeout': 10}
        options['lnurl'] = {'enabled': 'true'}
        return options

    def settle(self, invoice):
        """The buyer's wallet pays ``invoice`` on the node; when it did."""
        [r_hash] = [r_hash for r_hash, known in self.lnd.state.invoices.items()
                    if known['payment_request'] == invoice]
        self.lnd.settle(r_hash)
        return time.monotonic()

    def test_lightning_checkout_then_lnurl_top_up(self):
        page = self.open_offers()
        self.fill_order(page)
        page.click('#place')
        page.wait_for_url('**/store/order#*',
                          timeout=test_storefront.WAIT_MS)
        order_id, _dot, token = urllib.parse.urlsplit(
            page.url).fragment.partition('.')
        [request] = self.order_of(order_id, token)['payment_requests']
        invoice = request['invoice']
        self.assertTrue(invoice.startswith('lnbcrt'), invoice)
        # NOTE: a Lightning-only request has no address: its unified URI
        # is the bare scheme with the invoice, as BIP 321 allows.
        uri = request['payment_uri']
        self.assertIsNone(request['address'])
        self.assertEqual('bitcoin:?lightning=' + invoice, uri)

        self.assertEqual(uri, self.qr_text(page, '#checkout-payment img.qr'))
        self.assertEqual(invoice,
                         page.input_value('#checkout-payment-invoice'))
        self.assertTrue(page.locator(
            '#checkout-payment [data-part="invoice"] button.copy'
        ).is_visible())
        self.assertTrue(page.locator(
            '#checkout-payment [data-part="address"]').is_hidden())
        self.assertEqual(uri, page.get_attribute(
            '#checkout-payment .wallet-link', 'href'))
        self.check_page(page, 'checkout-lightning-desktop')

        settled = self.settle(invoice)
        self.wait_state(page, 'active')
        self.figure('seconds-invoice-settled-to-active-on-page',
                    '%.1f' % (time.monotonic() - settled))

        order = self.order_of(order_id, token)
        self.assertTrue(order['lnurl'])
        self.assertEqual(order['lnurl'],
                         self.qr_text(page, '#lnurl-qr'))
        self.assertEqual(order['lnurl'], page.input_value('#lnurl-text'))
        # NOTE: http://127.0.0.1:<port> is no domain a Lightning address
        # can name, so the view has none and the page shows no field.
        self.assertIsNone(order['lightning_address'])
        self.assertTrue(page.locator('#lightning-address').is_hidden())
        self.check_page(page, 'order-lnurl-desktop')

        hrp, data = bech32.bech32_decode(order['lnurl'])
        self.assertEqual('lnurl', hrp)
        pay_url = bytes(bech32.convertbits(data, 5, 8, False)).decode()
        self.assertTrue(pay_url.startswith(self.d.api_url + '/v1/lnurlp/'),
                        pay_url)
        pay_request = wallet_get(pay_url)
        self.assertEqual('payRequest', pay_request['tag'])
        self.assertLessEqual(pay_request['minSendable'], TOPUP_MSAT)
        self.assertGreaterEqual(pay_request['maxSendable'], TOPUP_MSAT)
        answer = wallet_get(pay_request['callback'] + '?' +
                            urllib.parse.urlencode({'amount': TOPUP_MSAT}))
        # NOTE: what a wallet checks before it pays: the amount asked, and
        # the invoice's commitment to the metadata it was shown.
        decoded = bolt11.decode(answer['pr'])
        self.assertEqual(TOPUP_MSAT, decoded.amount_msat)
        self.assertEqual(hashlib.sha256(
            pay_request['metadata'].encode('utf-8')).hexdigest(),
            decoded.description_hash)

        before = int(page.get_attribute('#paid-left', 'data-seconds-left'))
        settled = self.settle(answer['pr'])
        browser.wait_true(
            page, 'before => Number(document.getElementById('
            '"paid-left").dataset.secondsLeft) > before', before + 60)
        self.figure('seconds-lnurl-settled-to-paid-time-on-page',
                    '%.1f' % (time.monotonic() - settled))
