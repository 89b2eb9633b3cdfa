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

"""The LND payment driver: Lightning invoices through LND's REST API.

Every call carries the invoice macaroon in ``Grpc-Metadata-macaroon`` and
trusts only the node's own TLS certificate. A payment request is an invoice
(``POST /v1/invoices``); its money key is the invoice's ``r_hash`` (hex),
one per payment. Settled invoices are followed through the invoice
subscription (``GET /v1/invoices/subscribe``), resumed from the last
``settle_index`` stored in the driver_cursors table; ``GET
/v1/invoice/{r_hash}`` is the reconcile path (``poll``). Lightning needs no
confirmations: a settled invoice is paid.
"""

import base64
import datetime
import json

from oslo_utils import timeutils
import requests

from utter_va import conf
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.i18n import _
from utter_va.payment import base

CONF = conf.CONF

CURSOR = 'settle_index'


def _hex(value):
    return base64.b64decode(value).hex()


class LNDDriver(base.PaymentDriver):
    """Invoices of the operator's LND node."""

    name = 'lnd'
    supports_lnurl = True

    def __init__(self, session=None):
        self.conf = CONF.payment_lnd
        self.session = session or requests.Session()

    def check_config(self):
        return base.processor_url(self.name, 'payment_lnd', 'macaroon')

    def _request(self, method, path, **kwargs):
        url = self.check_config() + path
        try:
            response = self.session.request(
                method, url,
                headers={'Grpc-Metadata-macaroon': self.conf.macaroon},
                verify=self.conf.tls_cert or True,
                timeout=self.conf.timeout, **kwargs)
        except requests.RequestException as exc:
            raise exception.PaymentProcessorError(driver=self.name,
                                                  reason=str(exc))
        if response.status_code >= 400:
            try:
                reason = response.json().get('message', '')
            except ValueError:
                reason = response.text[:200]
            if response.status_code == 404:
                return None
            raise exception.PaymentProcessorError(
                driver=self.name,
                reason='HTTP %d: %s' % (response.status_code, reason))
        return response

    def create_request(self, order_id, amount_msat, expires_in):
        return self._invoice(order_id, amount_msat, expires_in)

    def create_lnurl_invoice(self, order_id, amount_msat, description_hash,
                             expires_in):
        if len(description_hash) != 32:
            raise exception.Invalid(reason=_(
                'description_hash: must be 32 bytes'))
        # NOTE: the memo stays in the node's own records; the invoice
        # carries the description hash instead (LND puts one or the other).
        return self._invoice(order_id, amount_msat, expires_in, {
            'description_hash': base64.b64encode(description_hash).decode()})

    def _invoice(self, order_id, amount_msat, expires_in, extra=None):
        base.check_amount(amount_msat)
        answer = self._request('POST', '/v1/invoices', json=dict({
            'value_msat': str(amount_msat),
            'memo': 'utter-va order %s' % order_id,
            'expiry': str(expires_in)}, **(extra or {}))).json()
        bolt11 = answer['payment_request']
        return base.PaymentRequestInfo(
            external_id=_hex(answer['r_hash']), address=None,
            invoice=bolt11, amount_msat=amount_msat,
            payment_uri=base.payment_uri(invoice=bolt11),
            expires_at=timeutils.utcnow() + datetime.timedelta(
                seconds=expires_in))

    def parse_webhook(self, headers, body):
        raise exception.WebhookRejected(
            reason=_('LND sends no webhooks; its invoices are followed '
                     'through the subscription'))

    def poll(self, pending_requests):
        events = []
        for request in pending_requests:
            response = self._request('GET', '/v1/invoice/%s' %
                                     request['external_id'])
            if response is not None:
                event = self._event(response.json())
                if event is not None:
                    events.append(event)
        return events

    def follow(self, stop=lambda: False):
        """Yield events of invoices settled since the stored cursor.

        Reads the subscription stream, resuming after the last
        ``settle_index`` recorded; the caller applies each event, then
        calls :meth:`remember` with the invoice's settle index.
        """
        settle_index = self.cursor()
        response = self._request(
            'GET', '/v1/invoices/subscribe',
            params={'settle_index': settle_index}, stream=True)
        for line in response.iter_lines():
            if stop():
                break
            if not line:
                continue
            invoice = json.loads(line).get('result', {})
            event = self._event(invoice)
            if event is not None:
                yield event, int(invoice.get('settle_index') or 0)

    @staticmethod
    def _event(invoice):
        if invoice.get('state') != 'SETTLED':
            return None
        return base.PaymentEvent(
            request_id=_hex(invoice['r_hash']),
            money_key=_hex(invoice['r_hash']),
            amount_msat=int(invoice['amt_paid_msat']),
            confirmations=1, status=base.CONFIRMED)

    def cursor(self):
        """The last settle_index applied, 0 at first."""
        return int(db_payments.cursor_get(self.name, CURSOR) or 0)

    def remember(self, settle_index):
        """Record that invoices up to ``settle_index`` are applied."""
        db_payments.cursor_set(self.name, CURSOR, settle_index,
                               only_if_greater=True)
