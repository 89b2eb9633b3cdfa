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

"""Callback receivers that misbehave, and callback URLs that aim inside.

The receivers are real HTTP servers on loopback, the sender the engine's
own; each hostile receiver stops by itself after a few seconds, so that a
sender without the defences under test ends too, and fails.
"""

import datetime
import socket
import ssl
import time
from unittest import mock

import fixtures as fx
from oslo_utils import timeutils

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import outbox as db_outbox
from utter_va.engine import callbacks
from utter_va.tests import base
from utter_va.tests import certificates
from utter_va.tests import fixtures
from utter_va.tests.unit.payment.fakes import base as fakes_base

CUT = (BrokenPipeError, ConnectionResetError)


class _Normal(fakes_base.JSONHandler):
    """Records each POST (time, path, body) and answers 204."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        type(self).received.append((time.monotonic(), self.path, body,
                                    dict(self.headers)))
        self._send(204)


class _Endless(fakes_base.JSONHandler):
    """Answers 200, then a body of up to LIMIT bytes, as fast as it can."""

    LIMIT = 64 * 1024 * 1024
    written = []

    def do_POST(self):
        self.rfile.read(int(self.headers['Content-Length']))
        self.send_response(200)
        self.send_header('Content-Type', 'application/octet-stream')
        self.end_headers()
        sent, chunk = 0, b'x' * 65536
        try:
            while sent < self.LIMIT:
                self.wfile.write(chunk)
                sent += len(chunk)
        except CUT:
            pass
        type(self).written.append(sent)


class _Trickle(fakes_base.JSONHandler):
    """Sends its status line, then a header a byte every 0.25 s (10 s)."""

    spans = []

    def do_POST(self):
        started = time.monotonic()
        self.rfile.read(int(self.headers['Content-Length']))
        try:
            self.wfile.write(b'HTTP/1.1 200 OK\r\nX-Slow: ')
            for _ in range(40):
                time.sleep(0.25)
                self.wfile.write(b'a')
            self.wfile.write(b'\r\nContent-Length: 0\r\n\r\n')
        except CUT:
            pass
        type(self).spans.append(time.monotonic() - started)


class SenderTestCase(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.flags(callback_allow_private=True, callback_timeout=1,
                   group='orders')
        _Normal.received, _Endless.written, _Trickle.spans = [], [], []
        self.normal = fakes_base.serve(self, _Normal) + '/hook'

    def queue(self, url, count=1, order_id=None):
        """An order with ``count`` deliveries to ``url``; its id."""
        order = fixtures.create_test_order(
            **({'id': order_id} if order_id else {}))
        with db_api.writer() as session:
            for number in range(count):
                db_outbox.callback_add(session, order['id'], number + 1,
                                       url, 'order.paid',
                                       '{"n": %d}' % number)
        return order['id']

    def deliveries(self, order_id):
        return [(d['status'], d['attempts'], d['last_error'])
                for d in db_outbox.callbacks_of_order(order_id)]

    def timed_send(self, sender=None):
        started = time.monotonic()
        delivered = (sender or callbacks.CallbackSender()).send_due()
        return delivered, time.monotonic() - started, started


class TestHostileReceivers(SenderTestCase):

    def test_endless_body_is_not_read_past_a_small_cap(self):
        order_id = self.queue(fakes_base.serve(self, _Endless) + '/e')
        delivered, took, _ = self.timed_send()
        self.assertEqual(1, delivered)
        self.assertEqual([('delivered', 1, None)], self.deliveries(order_id))
        fixtures.wait_for(lambda: _Endless.written, 10)
        # NOTE: what the kernel's socket buffers took before the sender
        # closed; the old sender read all 64 MiB.
        self.assertLess(_Endless.written[0], 16 * 1024 * 1024)
        self.assertLess(took, 2)

    def test_trickling_answer_is_cut_at_the_deadline(self):
        order_id = self.queue(fakes_base.serve(self, _Trickle) + '/t')
        delivered, took, _ = self.timed_send()
        self.assertEqual(0, delivered)
        self.assertLess(took, 2.5, 'a byte every 0.25 s kept it %.1fs' % took)
        self.assertEqual([('pending', 1, 'no answer within 1s')],
                         self.deliveries(order_id))

    def test_slow_receiver_does_not_hold_the_other_deliveries(self):
        self.flags(callback_timeout=3, group='orders')
        self.queue(fakes_base.serve(self, _Trickle) + '/t')
        normal = self.queue(self.normal, count=3)
        delivered, took, started = self.timed_send()
        self.assertEqual(3, delivered)
        self.assertEqual([b'{"n": 0}', b'{"n": 1}', b'{"n": 2}'],
                         [body for _, _, body, _ in _Normal.received],
                         'an order\'s callbacks leave in order')
        last = _Normal.received[-1][0] - started
        self.assertLess(last, 1.5, 'the normal receiver waited %.1fs' % last)
        self.assertEqual([('delivered', 1, None)] * 3,
                         self.deliveries(normal))

    def test_bad_url_is_confined_to_its_delivery(self):
        # NOTE: URLs the API took before it checked ports: the first one
        # aborted every batch, and the deliveries after it never left.
        self.flags(callback_allow_private=False, group='orders')
        bad = self.queue('http://x:99999/')
        after = self.queue(self.normal)
        self.assertEqual(0, callbacks.CallbackSender().send_due())
        for order_id, reason in ((bad, 'port'), (after, 'not public')):
            [(status, attempts, error)] = self.deliveries(order_id)
            self.assertEqual(('abandoned', 1), (status, attempts))
            self.assertIn('refused: callback_url: ', error)
            self.assertIn(reason, error)

    def test_unexpected_error_is_confined_to_its_delivery(self):
        first = self.queue(self.normal)
        second = self.queue(self.normal)
        real = callbacks.CallbackSender._post

        def post(sender, target, deadline, delivery):
            if delivery['order_id'] == first:
                raise RuntimeError('boom')
            return real(sender, target, deadline, delivery)

        with mock.patch.object(callbacks.CallbackSender, '_post', post):
            self.assertEqual(1, callbacks.CallbackSender().send_due())
        self.assertEqual([('pending', 1, 'RuntimeError')],
                         self.deliveries(first))
        self.assertEqual([('delivered', 1, None)], self.deliveries(second))

    def test_delivery_over_its_attempts_is_abandoned_when_claimed(self):
        # NOTE: as an engine leaves it when it dies (out of memory, say)
        # while sending the last attempt: counted, never recorded, and its
        # lease over.
        self.flags(callback_max_attempts=3, group='orders')
        order_id = self.queue(self.normal)
        with db_api.writer() as session:
            row = session.query(models.CallbackDelivery).one()
            row.attempts = 3
            row.last_error = 'HTTP 502'
            row.next_attempt_at = timeutils.utcnow() - datetime.timedelta(
                seconds=1)
        self.assertEqual(0, callbacks.CallbackSender().send_due())
        self.assertEqual([], _Normal.received)
        [(status, attempts, error)] = self.deliveries(order_id)
        self.assertEqual(('abandoned', 3), (status, attempts))
        self.assertIn('HTTP 502; no outcome of attempt 3', error)


def _certificate(directory, name):
    """A self-signed certificate (its own CA) for DNS name ``name``."""
    return certificates.self_signed(directory, name, name, name)


class TestWhereItConnects(SenderTestCase):

    def test_connects_to_the_address_that_was_checked(self):
        # NOTE: DNS rebinding: the name is public when it is checked and
        # loopback when it is resolved again.
        self.flags(callback_allow_private=False, group='orders')
        port = int(self.normal.rsplit(':', 1)[1].split('/')[0])
        answers = [[(socket.AF_INET, socket.SOCK_STREAM, 6, '',
                     ('93.184.215.14', port))]]
        loopback = [(socket.AF_INET, socket.SOCK_STREAM, 6, '',
                     ('127.0.0.1', port))]
        resolver = mock.Mock(side_effect=lambda *a, **k: (
            answers.pop(0) if answers else loopback))
        connected = []
        real_connect = socket.socket.connect

        def connect(sock, address):
            connected.append(address[0])
            if address[0] != '127.0.0.1':
                raise ConnectionRefusedError('not from a unit test')
            return real_connect(sock, address)

        order_id = self.queue('http://rebind.example:%d/hook' % port)
        with mock.patch('socket.getaddrinfo', resolver), \
                mock.patch.object(socket.socket, 'connect', connect):
            self.assertEqual(0, callbacks.CallbackSender().send_due())
        self.assertEqual([], _Normal.received)
        self.assertEqual(['93.184.215.14'], connected)
        self.assertEqual(1, resolver.call_count)
        self.assertEqual('pending', self.deliveries(order_id)[0][0])

    def test_no_proxy_from_the_environment(self):
        proxy = fakes_base.serve(self, _Trickle)
        for name in ('http_proxy', 'HTTP_PROXY', 'https_proxy',
                     'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'):
            self.useFixture(fx.EnvironmentVariable(name, proxy))
        for name in ('no_proxy', 'NO_PROXY'):
            self.useFixture(fx.EnvironmentVariable(name))
        self.queue(self.normal)
        self.assertEqual(1, callbacks.CallbackSender().send_due())
        self.assertEqual(1, len(_Normal.received))
        self.assertEqual([], _Trickle.spans, 'the proxy was used')

    def _tls_receiver(self, name):
        directory = self.useFixture(fx.TempDir()).path
        cert_path, key_path = _certificate(directory, name)
        names = []
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(cert_path, key_path)
        server_context.sni_callback = (
            lambda sock, sni, context: names.append(sni))
        url = fakes_base.serve(self, _Normal, tls_context=server_context)
        return url.replace('127.0.0.1', 'localhost') + '/hook', cert_path, \
            names

    def test_https_checks_the_name_of_the_url(self):
        url, cert_path, names = self._tls_receiver('localhost')
        order_id = self.queue(url)
        client = ssl.create_default_context(cafile=cert_path)
        self.assertEqual(1, callbacks.CallbackSender(client).send_due())
        self.assertEqual(['localhost'], names, 'the SNI is the URL\'s name')
        self.assertEqual('localhost:%s' % url.split(':')[2].split('/')[0],
                         _Normal.received[0][3]['Host'])
        self.assertEqual('delivered', self.deliveries(order_id)[0][0])

    def test_https_refuses_a_certificate_of_another_name(self):
        url, cert_path, _ = self._tls_receiver('elsewhere.example')
        order_id = self.queue(url)
        client = ssl.create_default_context(cafile=cert_path)
        self.assertEqual(0, callbacks.CallbackSender(client).send_due())
        self.assertEqual([], _Normal.received)
        [(status, _, error)] = self.deliveries(order_id)
        self.assertEqual('pending', status)
        self.assertIn('SSLCertVerificationError', error)
