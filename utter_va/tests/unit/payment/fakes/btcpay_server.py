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

"""A local BTCPay Server that speaks the Greenfield API, for tests.

It follows the BTCPay Server Greenfield API v1 reference
(docs.btcpayserver.org/API/Greenfield/v1/): ``Authorization: token <key>``
on every call (401 ``{"code": "unauthenticated"}`` without it, 403
``{"code": "missing-permission"}`` for another store), ``POST
/api/v1/stores/{storeId}/invoices`` (400 with a list of ``{"path",
"message"}`` validation errors), ``GET .../invoices/{invoiceId}`` and
``GET .../invoices/{invoiceId}/payment-methods`` (404 ``{"code":
"invoice-not-found"}``), and webhook deliveries signed with ``BTCPay-Sig:
sha256=HMAC256(secret, body)``. Tests drive it: pay an invoice, settle or
invalidate a payment, expire an invoice, build a signed delivery.
"""

import decimal
import hashlib
import hmac
import json
import re
import threading
import time
import uuid

import fixtures

from utter_va.tests.unit.payment.fakes import base as fakes_base


class _State:
    def __init__(self, store_id, api_key, webhook_secret):
        self.store_id = store_id
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.invoices = {}
        self.delay = 0
        self.lock = threading.Lock()


class _Handler(fakes_base.JSONHandler):
    state = None

    def _route(self):
        time.sleep(self.state.delay)
        if self.headers.get('Authorization') != 'token %s' % (
                self.state.api_key):
            return self._send(401, {'code': 'unauthenticated',
                                    'message': 'Authentication is required'})
        match = re.match(r'^/api/v1/stores/([^/]+)/invoices(?:/([^/]+))?'
                         r'(/payment-methods)?$', self.path)
        if not match:
            return self._send(404, {'code': 'not-found',
                                    'message': 'Not found'})
        store, invoice_id, methods = match.groups()
        if store != self.state.store_id:
            return self._send(403, {'code': 'missing-permission',
                                    'message': 'Unauthorized store'})
        return store, invoice_id, methods

    def do_POST(self):
        route = self._route()
        if not isinstance(route, tuple):
            return
        _, invoice_id, methods = route
        if invoice_id or methods:
            return self._send(405, {'code': 'method-not-allowed'})
        length = int(self.headers.get('Content-Length') or 0)
        try:
            request = json.loads(self.rfile.read(length))
            amount = decimal.Decimal(request['amount'])
        except (ValueError, KeyError, TypeError, decimal.InvalidOperation):
            return self._send(400, [{'path': 'amount',
                                     'message': 'Amount is required'}])
        if amount <= 0:
            return self._send(400, [{'path': 'amount',
                                     'message': 'Amount must be greater '
                                                'than 0'}])
        if request.get('currency') != 'BTC':
            return self._send(400, [{'path': 'currency',
                                     'message': 'Unsupported currency'}])
        now = int(time.time())
        minutes = request.get('checkout', {}).get('expirationMinutes', 15)
        invoice = {
            'id': uuid.uuid4().hex[:22], 'storeId': self.state.store_id,
            'amount': str(amount), 'currency': 'BTC', 'type': 'Standard',
            'status': 'New', 'additionalStatus': 'None',
            'createdTime': now, 'expirationTime': now + 60 * minutes,
            'monitoringExpiration': now + 60 * minutes + 3600,
            'metadata': request.get('metadata', {}),
            'checkout': request.get('checkout', {}),
            '_address': 'bcrt1q' + hashlib.sha256(
                uuid.uuid4().bytes).hexdigest()[:38],
            '_payments': [],
        }
        with self.state.lock:
            self.state.invoices[invoice['id']] = invoice
        self._send(200, _public(invoice))

    def do_GET(self):
        route = self._route()
        if not isinstance(route, tuple):
            return
        _, invoice_id, methods = route
        invoice = self.state.invoices.get(invoice_id)
        if invoice is None:
            return self._send(404, {'code': 'invoice-not-found',
                                    'message': 'The invoice was not found'})
        if not methods:
            return self._send(200, _public(invoice))
        paid = sum(decimal.Decimal(p['value']) for p in invoice['_payments']
                   if p['status'] != 'Invalid')
        due = max(decimal.Decimal(0), decimal.Decimal(invoice['amount']) -
                  paid)
        self._send(200, [{
            'paymentMethodId': 'BTC-CHAIN', 'currency': 'BTC',
            'destination': invoice['_address'],
            'paymentLink': 'bitcoin:%s?amount=%s' % (invoice['_address'],
                                                     invoice['amount']),
            'rate': '1', 'paymentMethodPaid': str(paid),
            'totalPaid': str(paid), 'due': str(due),
            'amount': invoice['amount'], 'networkFee': '0',
            'payments': list(invoice['_payments']), 'activated': True,
        }])


def _public(invoice):
    return {k: v for k, v in invoice.items() if not k.startswith('_')}


class FakeBTCPayServer(fixtures.Fixture):
    """The server on 127.0.0.1, on a free port, stopped in cleanup."""

    def __init__(self, store_id='store-1', api_key='key-1',
                 webhook_secret='hook-secret'):
        super().__init__()
        self.state = _State(store_id, api_key, webhook_secret)

    def _setUp(self):
        self.url = fakes_base.serve(
            self, type('Handler', (_Handler,), {'state': self.state}))

    def pay(self, invoice_id, value, status='Settled'):
        """Record a payment to an invoice; return its payment id."""
        invoice = self.state.invoices[invoice_id]
        payment_id = '%s-%d' % (uuid.uuid4().hex, 0)
        invoice['_payments'].append({
            'id': payment_id, 'receivedDate': int(time.time()),
            'value': value, 'fee': '0', 'status': status,
            'destination': invoice['_address']})
        return payment_id

    def set_payment_status(self, invoice_id, payment_id, status):
        for payment in self.state.invoices[invoice_id]['_payments']:
            if payment['id'] == payment_id:
                payment['status'] = status

    def expire(self, invoice_id):
        self.state.invoices[invoice_id]['status'] = 'Expired'

    def delivery(self, invoice_id, event_type='InvoiceReceivedPayment',
                 secret=None, **extra):
        """A webhook delivery as BTCPay sends it: (headers, raw body)."""
        document = {
            'deliveryId': uuid.uuid4().hex, 'webhookId': 'hook-1',
            'originalDeliveryId': None, 'isRedelivery': False,
            'type': event_type, 'timestamp': int(time.time()),
            'storeId': self.state.store_id, 'invoiceId': invoice_id}
        document.update(extra)
        body = json.dumps(document).encode()
        signature = 'sha256=' + hmac.new(
            (secret or self.state.webhook_secret).encode(), body,
            hashlib.sha256).hexdigest()
        return {'Content-Type': 'application/json',
                'BTCPay-Sig': signature}, body
