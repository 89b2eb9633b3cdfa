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

"""Hostile callback receivers never hurt the engine or the other orders.

utter-va-engine runs against minicloud as in test_lifecycle, with
``[orders] callback_allow_private`` so that receivers on loopback are
called. Three paid orders have callback URLs: one receiver answers 200
and then a body that never ends (paced at about 50 MB/s, so that an
engine that reads it all grows at a rate the test can stop), one
trickles its answer a byte every 2 seconds, one is a normal receiver; a
fourth order has none. While the hostile receivers are being called,
the normal one must get its six callbacks in order, the fourth order
must boot, expire and be deleted, and the engine's memory (the launcher
and its worker, from /proc) must stay under 300 MB; the test kills the
engine at once if it does not.
"""

import datetime
import json
import os
import threading
import time

from oslo_utils import timeutils
from oslo_utils import uuidutils

from utter_va.db import api as db_api
from utter_va.orders import ledger
from utter_va.payment import fake
from utter_va.tests import fixtures
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_lifecycle
from utter_va.tests.unit.payment.fakes import base as fakes_base

MAX_RSS = 300 * 1024 * 1024
CALLBACK_TIMEOUT = 5
SEQUENCE = ['awaiting_payment', 'paid', 'booting', 'active', 'suspended',
            'terminated']
CUT = (BrokenPipeError, ConnectionResetError)
say = test_lifecycle.say


class _Receiver(fakes_base.JSONHandler):
    """Keeps (started, seconds, bytes sent) of each of its connections."""

    connections = []

    def _done(self, started, sent):
        type(self).connections.append(
            (started, time.monotonic() - started, sent))


class _Endless(_Receiver):
    """200, then a body without end (at most 4 GiB, about 50 MB/s)."""

    connections = []

    def do_POST(self):
        started = time.monotonic()
        self.rfile.read(int(self.headers['Content-Length']))
        self.send_response(200)
        self.send_header('Content-Type', 'application/octet-stream')
        self.end_headers()
        sent, chunk = 0, b'x' * 65536
        try:
            while sent < 4 * 1024 ** 3:
                self.wfile.write(chunk)
                sent += len(chunk)
                if sent % (1024 * 1024) == 0:
                    time.sleep(0.02)
        except CUT:
            pass
        self._done(started, sent)


class _Trickle(_Receiver):
    """A status line, then a header one byte every 2 s (10 minutes)."""

    connections = []

    def do_POST(self):
        started = time.monotonic()
        self.rfile.read(int(self.headers['Content-Length']))
        sent = 0
        try:
            self.wfile.write(b'HTTP/1.1 200 OK\r\nX-Slow: ')
            for _ in range(300):
                time.sleep(2)
                self.wfile.write(b'a')
                sent += 1
        except CUT:
            pass
        self._done(started, sent)


class _Normal(fakes_base.JSONHandler):
    """Keeps the state of each callback, in the order they came."""

    states = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        type(self).states.append(
            (time.monotonic(), json.loads(body)['order']['state']))
        self._send(204)


def _processes(pid):
    """``pid`` and all its descendants (by their parents, from /proc)."""
    parents = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                # NOTE: the command name, in parentheses, may hold spaces.
                fields = f.read().rpartition(')')[2].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def _rss(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _MemoryWatch(threading.Thread):
    """Samples the engine's RSS; kills the engine the moment it is over."""

    def __init__(self, engine):
        super().__init__(daemon=True)
        self.engine = engine
        self.peak = 0
        self.processes = 0
        self.killed = False
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(0.1):
            pids = _processes(self.engine.process.pid)
            total = sum(_rss(pid) for pid in pids)
            self.processes = max(self.processes, len(pids))
            self.peak = max(self.peak, total)
            if total > MAX_RSS:
                self.killed = True
                self.engine.kill()
                return


class TestHostileCallbacks(test_lifecycle.LifecycleCloudTestCase):

    ORDERS = dict(test_lifecycle.LifecycleCloudTestCase.ORDERS,
                  callback_allow_private=True,
                  callback_timeout=CALLBACK_TIMEOUT)

    def test_endless_and_trickling_receivers(self):
        for receiver in (_Endless, _Trickle):
            receiver.connections = []
        _Normal.states = []
        endless = fakes_base.serve(self, _Endless) + '/endless'
        trickle = fakes_base.serve(self, _Trickle) + '/trickle'
        normal = fakes_base.serve(self, _Normal) + '/normal'
        engine = self.d.start_engine()
        watch = _MemoryWatch(engine)
        watch.start()
        self.addCleanup(watch.stopping.set)
        started = time.monotonic()
        say('engine started')

        orders = {}
        for name, url in (('endless', endless), ('trickle', trickle),
                          ('normal', normal), ('fourth', None)):
            orders[name] = uuidutils.generate_uuid()
            fixtures.order_with_request(
                fake.FakeDriver(), orders[name], test_lifecycle.PRICE,
                900_000, flavor_id=self.flavor.id,
                flavor_name=self.flavor.name, callback_url=url,
                state_deadline=timeutils.utcnow() + datetime.timedelta(
                    seconds=900))
        for order_id in orders.values():
            ledger.simulate_payment(order_id, 5)

        def alive():
            if watch.killed:
                self.fail('the engine went over %d MB (%d MB) and was '
                          'killed' % (MAX_RSS >> 20, watch.peak >> 20))
            return True

        def normal_done():
            alive()
            return len(_Normal.states) >= len(SEQUENCE)
        ft_fixtures.wait_for(normal_done, 240, 'the normal receiver got '
                             '%s' % [s for _, s in _Normal.states])
        normal_took = _Normal.states[-1][0] - started
        order = self.wait_order(orders['fourth'], 'terminated', timeout=120)
        alive()
        fourth_took = time.monotonic() - started
        self.wait_nova(order['server_id'], 'DELETED')
        say('fourth order\'s server deleted in Nova')
        # NOTE: give the trickling receiver time for a retry at least.
        ft_fixtures.wait_for(
            lambda: alive() and len(_Trickle.connections) >= 2, 60,
            'the trickling receiver was cut %d times' %
            len(_Trickle.connections))
        watch.stopping.set()
        watch.join(5)

        say('engine: %d processes, peak RSS %.0f MB' % (
            watch.processes, watch.peak / 2 ** 20))
        say('normal receiver: %s after %.1fs; fourth order terminated '
            'after %.1fs' % (', '.join(s for _, s in _Normal.states),
                             normal_took, fourth_took))
        say('endless receiver: %s' % ', '.join(
            '%.1f MB cut after %.1fs' % (sent / 2 ** 20, took)
            for _, took, sent in _Endless.connections))
        say('trickling receiver: %s' % ', '.join(
            '%d bytes cut after %.1fs' % (sent, took)
            for _, took, sent in _Trickle.connections))
        self.assertFalse(watch.killed)
        self.assertLess(watch.peak, MAX_RSS)
        self.assertEqual(SEQUENCE, [s for _, s in _Normal.states])
        self.assertEqual(SEQUENCE, [
            t['to_state'] for t in db_api.order_transitions(
                orders['fourth'])])
        # NOTE: the hostile receivers were being called meanwhile, and
        # each call was cut: the trickle at the deadline (plus the 2 s
        # it takes the receiver to notice, twice), the endless body
        # after what the socket buffers held.
        self.assertTrue(_Endless.connections)
        self.assertLess(_Endless.connections[0][0] - started, normal_took)
        self.assertLess(_Trickle.connections[0][0] - started, normal_took)
        for _, took, _sent in _Trickle.connections:
            self.assertLess(took, CALLBACK_TIMEOUT + 6)
        for _, _took, sent in _Endless.connections:
            self.assertLess(sent, 64 * 1024 * 1024)
        self.assertIn('no answer within %ds' % CALLBACK_TIMEOUT,
                      self.d.log('utter-va-engine'))
