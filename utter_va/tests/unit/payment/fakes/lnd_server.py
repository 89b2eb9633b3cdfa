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

"""A local LND REST API over TLS, for tests.

It follows the LND REST API reference (lightning.engineering/api-docs,
v0.18): every call must carry ``Grpc-Metadata-macaroon`` (a wrong one gets
HTTP 500 with gRPC code 2, ``verification failed``, as LND's gateway
answers); ``POST /v1/invoices`` (value_msat, memo, expiry) returns r_hash
(base64), payment_request and add_index; ``GET /v1/invoice/{r_hash_str}``
(hex) returns the invoice or 404 with gRPC code 5; ``GET
/v1/invoices/subscribe?settle_index=N`` streams ``{"result": Invoice}``
lines for invoices settled after N. It serves TLS with a self-signed
certificate it makes, like LND's tls.cert.
"""

import base64
import hashlib
import json
import os
import ssl
import threading
import urllib.parse

import fixtures

from utter_va.tests import certificates
from utter_va.tests.unit.payment.fakes import base as fakes_base


def make_certificate(directory, name='tls'):
    """Write a self-signed certificate for 127.0.0.1; return the paths."""
    return certificates.self_signed(directory, name, 'lnd', '127.0.0.1')


class _Handler(fakes_base.JSONHandler):
    state = None

    def _authorized(self):
        if self.headers.get('Grpc-Metadata-macaroon') == self.state.macaroon:
            return True
        self._send(500, {'code': 2, 'message': 'verification failed: '
                         'signature mismatch after caveat verification',
                         'details': []})
        return False

    def do_POST(self):
        if not self._authorized():
            return
        if self.path != '/v1/invoices':
            return self._send(404, {'code': 5, 'message': 'Not Found'})
        request = json.loads(self.rfile.read(
            int(self.headers.get('Content-Length') or 0)))
        preimage = os.urandom(32)
        r_hash = hashlib.sha256(preimage).digest()
        with self.state.lock:
            self.state.add_index += 1
            invoice = {
                'memo': request.get('memo', ''),
                'r_hash': base64.b64encode(r_hash).decode(),
                'value_msat': str(request.get('value_msat', '0')),
                'state': 'OPEN', 'settle_index': '0', 'amt_paid_msat': '0',
                'add_index': str(self.state.add_index),
                'expiry': str(request.get('expiry', '86400')),
                'payment_request': 'lnbcrt%sn1p%s' % (
                    int(request.get('value_msat', 0)) // 100,
                    r_hash.hex()[:40]),
            }
            self.state.invoices[r_hash.hex()] = invoice
        self._send(200, {'r_hash': invoice['r_hash'],
                         'payment_request': invoice['payment_request'],
                         'add_index': invoice['add_index'],
                         'payment_addr': base64.b64encode(
                             os.urandom(32)).decode()})

    def do_GET(self):
        if not self._authorized():
            return
        url = urllib.parse.urlparse(self.path)
        if url.path.startswith('/v1/invoice/'):
            invoice = self.state.invoices.get(url.path.rsplit('/', 1)[1])
            if invoice is None:
                return self._send(404, {'code': 5, 'message':
                                        'unable to locate invoice'})
            return self._send(200, invoice)
        if url.path == '/v1/invoices/subscribe':
            after = int(urllib.parse.parse_qs(url.query).get(
                'settle_index', ['0'])[0])
            settled = sorted(
                (i for i in self.state.invoices.values()
                 if int(i['settle_index']) > after),
                key=lambda i: int(i['settle_index']))
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.end_headers()
            for invoice in settled:
                self.wfile.write(json.dumps({'result': invoice}).encode() +
                                 b'\n')
            return
        self._send(404, {'code': 5, 'message': 'Not Found'})


class _State:
    def __init__(self, macaroon):
        self.macaroon = macaroon
        self.invoices = {}
        self.add_index = 0
        self.settle_index = 0
        self.lock = threading.Lock()


class FakeLNDServer(fixtures.Fixture):
    """LND's REST API on 127.0.0.1 over TLS, stopped in cleanup."""

    def __init__(self, macaroon='0201036c6e64'):
        super().__init__()
        self.state = _State(macaroon)

    def _setUp(self):
        directory = self.useFixture(fixtures.TempDir()).path
        self.cert_path, key_path = make_certificate(directory)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, key_path)
        self.url = fakes_base.serve(
            self, type('Handler', (_Handler,), {'state': self.state}),
            tls_context=context)
        self.directory = directory

    def settle(self, r_hash_hex, amt_paid_msat=None):
        """The buyer pays an invoice."""
        with self.state.lock:
            invoice = self.state.invoices[r_hash_hex]
            self.state.settle_index += 1
            invoice.update(state='SETTLED',
                           settle_index=str(self.state.settle_index),
                           amt_paid_msat=str(amt_paid_msat or
                                             invoice['value_msat']))
