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
answers); ``POST /v1/invoices`` (value or value_msat, memo, expiry,
description_hash: base64 of 32 bytes) returns r_hash (base64),
payment_request (a real BOLT 11 invoice signed by :data:`NODE_KEY`, with
the description hash as its ``h`` tag when one was given) and add_index;
an invalid one gets HTTP 500 with gRPC code 2 and LND's message; ``GET
/v1/invoice/{r_hash_str}`` (hex) returns the invoice (CANCELED once past its
expiry while open) or 404 with gRPC code 5; ``GET
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
import time
import urllib.parse

import bolt11
from bolt11.models import tags as bolt11_tags
import fixtures

from utter_va.tests import certificates
from utter_va.tests.unit.payment.fakes import base as fakes_base


#: The node's private key, which signs its payment requests (a test key).
NODE_KEY = hashlib.sha256(b'utter-va fake lnd node').hexdigest()


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
        try:
            invoice = self.state.add_invoice(request)
        except ValueError as exc:
            return self._send(500, {'code': 2, 'message': str(exc),
                                    'details': []})
        self._send(200, {'r_hash': invoice['r_hash'],
                         'payment_request': invoice['payment_request'],
                         'add_index': invoice['add_index'],
                         'payment_addr': invoice['payment_addr']})

    def do_GET(self):
        if not self._authorized():
            return
        url = urllib.parse.urlparse(self.path)
        if url.path.startswith('/v1/invoice/'):
            invoice = self.state.lookup(url.path.rsplit('/', 1)[1])
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

    def add_invoice(self, request):
        """AddInvoice, with LND's checks; the invoice as LND lists it."""
        value = int(request.get('value', 0))
        value_msat = int(request.get('value_msat', 0))
        if value and value_msat:
            raise ValueError('value and value_msat are mutually exclusive')
        value_msat = value_msat or value * 1000
        if value_msat < 0:
            raise ValueError('payments of negative value are not allowed, '
                             'value is %d' % value_msat)
        description_hash = base64.b64decode(
            request.get('description_hash', ''))
        if description_hash and len(description_hash) != 32:
            raise ValueError('description hash is %d bytes, must be 32' %
                             len(description_hash))
        memo = request.get('memo', '')
        expiry = int(request.get('expiry') or 86400)
        preimage = os.urandom(32)
        r_hash = hashlib.sha256(preimage).digest()
        payment_addr = os.urandom(32)
        created = int(time.time())
        with self.lock:
            self.add_index += 1
            invoice = {
                'memo': memo,
                'r_preimage': base64.b64encode(preimage).decode(),
                'r_hash': base64.b64encode(r_hash).decode(),
                'value': str(value_msat // 1000),
                'value_msat': str(value_msat),
                'settled': False,
                'creation_date': str(created), 'settle_date': '0',
                'payment_request': _bolt11(
                    r_hash, payment_addr, value_msat, created, expiry,
                    memo, description_hash),
                'description_hash': base64.b64encode(
                    description_hash).decode(),
                'expiry': str(expiry),
                'add_index': str(self.add_index), 'settle_index': '0',
                'amt_paid': '0', 'amt_paid_sat': '0', 'amt_paid_msat': '0',
                'state': 'OPEN', 'htlcs': [],
                'payment_addr': base64.b64encode(payment_addr).decode(),
            }
            self.invoices[r_hash.hex()] = invoice
        return invoice

    def lookup(self, r_hash_hex):
        """LookupInvoice; an open invoice past its expiry is CANCELED."""
        with self.lock:
            invoice = self.invoices.get(r_hash_hex)
            if invoice is not None and _expired(invoice):
                invoice['state'] = 'CANCELED'
            return invoice


def _expired(invoice):
    return invoice['state'] == 'OPEN' and time.time() > (
        int(invoice['creation_date']) + int(invoice['expiry']))


def _bolt11(r_hash, payment_addr, value_msat, created, expiry, memo,
            description_hash):
    """A BOLT 11 payment request signed by the node's key, as LND makes.

    It carries the description hash (``h``) when one was given, the memo
    (``d``) otherwise.
    """
    tags = [bolt11_tags.Tag(bolt11_tags.TagChar.payment_hash, r_hash.hex()),
            bolt11_tags.Tag(bolt11_tags.TagChar.payment_secret,
                            payment_addr.hex()),
            bolt11_tags.Tag(bolt11_tags.TagChar.expire_time, expiry),
            bolt11_tags.Tag(bolt11_tags.TagChar.min_final_cltv_expiry, 80)]
    if description_hash:
        tags.append(bolt11_tags.Tag(bolt11_tags.TagChar.description_hash,
                                    description_hash.hex()))
    else:
        tags.append(bolt11_tags.Tag(bolt11_tags.TagChar.description, memo))
    invoice = bolt11.Bolt11(
        currency='bcrt', date=created, tags=bolt11_tags.Tags(tags),
        amount_msat=bolt11.MilliSatoshi(value_msat) if value_msat else None)
    return bolt11.encode(invoice, NODE_KEY)


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
        """The buyer pays an invoice: one HTLC, settled, as LND lists it.

        An invoice that is not open (settled, canceled, expired) cannot be
        paid: LND rejects the HTLC, and so does this (ValueError).
        """
        now = str(int(time.time()))
        with self.state.lock:
            invoice = self.state.invoices[r_hash_hex]
            if _expired(invoice):
                invoice['state'] = 'CANCELED'
            if invoice['state'] != 'OPEN':
                raise ValueError('invoice is %s' % invoice['state'])
            paid = int(amt_paid_msat or invoice['value_msat'])
            self.state.settle_index += 1
            invoice.update(
                state='SETTLED', settled=True, settle_date=now,
                settle_index=str(self.state.settle_index),
                amt_paid=str(paid), amt_paid_sat=str(paid // 1000),
                amt_paid_msat=str(paid),
                htlcs=[{'chan_id': '124244814004224', 'htlc_index': '0',
                        'amt_msat': str(paid), 'accept_height': 150,
                        'accept_time': now, 'resolve_time': now,
                        'expiry_height': 230, 'state': 'SETTLED',
                        'custom_records': {}, 'mpp_total_amt_msat':
                        str(paid), 'amp': None}])
