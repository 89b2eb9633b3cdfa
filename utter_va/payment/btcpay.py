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

"""The BTCPay Server payment driver, on the Greenfield API (v1).

Invoices are created in one store with a store-scoped API key. A webhook
delivery is checked against its ``BTCPay-Sig: sha256=<hex HMAC-SHA256 of
the raw body>`` header; then the invoice's payments are re-read from BTCPay
and only those are trusted. Each payment's money key is
``<payment method>:<payment id>``, the same however often BTCPay delivers
or redelivers it. Payments BTCPay calls Settled are confirmed, Processing
ones are seen, Invalid ones are invalid.
"""

import datetime
import decimal
import hashlib
import hmac
import json

import requests

from utter_va import conf
from utter_va import exception
from utter_va.i18n import _
from utter_va.payment import base

CONF = conf.CONF

SIGNATURE_HEADER = 'BTCPay-Sig'
_STATUSES = {'Settled': base.CONFIRMED, 'Processing': base.SEEN,
             'Invalid': base.INVALID}
_ONCHAIN = ('BTC', 'BTC-CHAIN', 'BTC-OnChain')
_LIGHTNING = ('BTC-LN', 'BTC-LightningNetwork', 'BTC_LightningLike')


def sign(secret, body):
    """The BTCPay-Sig value of ``body`` (bytes) under ``secret``."""
    return 'sha256=' + hmac.new(secret.encode(), body,
                                hashlib.sha256).hexdigest()


#: Confirmations BTCPay waits for under each speed policy.
SPEED_POLICY_CONFIRMATIONS = {'HighSpeed': 0, 'MediumSpeed': 1,
                              'LowMediumSpeed': 2, 'LowSpeed': 6}


class BTCPayDriver(base.PaymentDriver):
    """Invoices of a BTCPay Server store."""

    name = 'btcpay'

    def __init__(self, session=None):
        self.conf = CONF.payment_btcpay
        self.session = session or requests.Session()

    @property
    def confirmations_required(self):
        """What ``[payment_btcpay] speed_policy`` waits for."""
        return SPEED_POLICY_CONFIRMATIONS[self.conf.speed_policy]

    def check_config(self):
        return base.processor_url(self.name, 'payment_btcpay', 'API key')

    def _url(self, *parts):
        return '%s/api/v1/stores/%s/%s' % (
            self.check_config(), self.conf.store_id, '/'.join(parts))

    def _call(self, method, url, **kwargs):
        try:
            response = self.session.request(
                method, url, timeout=self.conf.timeout,
                headers={'Authorization': 'token %s' % self.conf.api_key},
                **kwargs)
        except requests.RequestException as exc:
            raise exception.PaymentProcessorError(driver=self.name,
                                                  reason=str(exc))
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise exception.PaymentProcessorError(
                driver=self.name, reason='HTTP %d: %s' % (
                    response.status_code, response.text[:200]))
        try:
            return response.json()
        except ValueError:
            raise exception.PaymentProcessorError(
                driver=self.name, reason='the answer is not JSON')

    def create_request(self, order_id, amount_msat, expires_in):
        base.check_amount(amount_msat)
        sats = -(-amount_msat // 1000)  # BTCPay counts whole satoshis
        invoice = self._call('POST', self._url('invoices'), json={
            'amount': base.msat_to_btc(sats * 1000), 'currency': 'BTC',
            'metadata': {'orderId': order_id},
            'checkout': {'expirationMinutes': max(1, expires_in // 60),
                         'speedPolicy': self.conf.speed_policy}})
        methods = self._call('GET', self._url(
            'invoices', invoice['id'], 'payment-methods')) or []
        address = invoice_bolt11 = None
        for method in methods:
            kind = method.get('paymentMethodId') or method.get(
                'paymentMethod')
            if kind in _ONCHAIN:
                address = method.get('destination')
            elif kind in _LIGHTNING:
                invoice_bolt11 = method.get('destination')
        return base.PaymentRequestInfo(
            external_id=invoice['id'], address=address,
            invoice=invoice_bolt11, amount_msat=sats * 1000,
            payment_uri=base.payment_uri(address, sats * 1000,
                                         invoice_bolt11),
            expires_at=datetime.datetime.fromtimestamp(
                invoice['expirationTime'], datetime.timezone.utc).replace(
                    tzinfo=None))

    def parse_webhook(self, headers, body):
        secret = self.conf.webhook_secret
        if not secret:
            raise exception.WebhookRejected(
                reason=_('no [payment_btcpay] webhook_secret is set'))
        given = {k.lower(): v for k, v in headers.items()}.get(
            SIGNATURE_HEADER.lower())
        if not given:
            raise exception.WebhookRejected(
                reason=_('missing %s header') % SIGNATURE_HEADER)
        if not hmac.compare_digest(given.encode(),
                                   sign(secret, body).encode()):
            raise exception.WebhookRejected(reason=_('bad signature'))
        try:
            delivery = json.loads(body)
            invoice_id = delivery['invoiceId']
            if delivery.get('storeId') != self.conf.store_id:
                raise exception.WebhookRejected(
                    reason=_('delivery for another store'))
        except (ValueError, KeyError, TypeError):
            raise exception.WebhookRejected(reason=_('malformed body'))
        events = self._events(invoice_id)
        if events is None:
            raise exception.WebhookRejected(
                reason=_('unknown invoice %s') % invoice_id)
        return events

    def poll(self, pending_requests):
        events = []
        for request in pending_requests:
            events.extend(self._events(request['external_id']) or [])
        return events

    def _events(self, invoice_id):
        """Re-read an invoice's payments from BTCPay; None if unknown."""
        methods = self._call('GET', self._url(
            'invoices', invoice_id, 'payment-methods'))
        if methods is None:
            return None
        events = []
        for method in methods:
            kind = method.get('paymentMethodId') or method.get(
                'paymentMethod')
            for payment in method.get('payments') or []:
                status = _STATUSES.get(payment.get('status'))
                if status is None:
                    continue
                try:
                    events.append(base.PaymentEvent(
                        request_id=invoice_id,
                        money_key='%s:%s' % (kind, payment['id']),
                        amount_msat=base.btc_to_msat(decimal.Decimal(
                            str(payment['value']))),
                        confirmations=1 if status == base.CONFIRMED else 0,
                        status=status))
                except (KeyError, decimal.InvalidOperation,
                        exception.InvalidAmount):
                    continue
        return events
