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

"""Decide, act, record: no Nova call is made inside a database transaction.

Every call the lifecycle makes to the in-memory Nova checks that this
thread holds no write transaction open (so no order row lock either),
through every path: boot, activation poll, suspend, resume, a failed
server replaced, an unrecorded boot looked for, a closed order's server
deleted. A payment commits while Nova is being asked, and a Nova that
fails never takes back what was recorded before the call.
"""

import contextlib
import datetime
import threading

import fixtures
from oslo_utils import timeutils

from utter_va.db import api as db_api
from utter_va.db import named_locks
from utter_va import exception
from utter_va.orders import actions
from utter_va.orders import ledger
from utter_va.tests.unit.orders import test_lifecycle


class TransactionWatch(fixtures.Fixture):
    """Counts the write transactions open in each thread."""

    def _setUp(self):
        self.local = threading.local()
        real_writer = db_api.writer

        @contextlib.contextmanager
        def writer(context=None):
            self.local.depth = self.depth + 1
            try:
                with real_writer(context) as session:
                    yield session
            finally:
                self.local.depth -= 1

        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.db.api.writer', writer))

    @property
    def depth(self):
        return getattr(self.local, 'depth', 0)


class TestNoRemoteCallUnderLock(test_lifecycle.LifecycleTestCase):

    def setUp(self):
        super().setUp()
        self.watch = self.useFixture(TransactionWatch())
        self.inside = []
        nova = self.nova
        for name in ('boot', 'find_server', 'server', 'suspend', 'resume',
                     'delete'):
            self._watch(nova, name)

    def _watch(self, nova, name):
        real = getattr(nova, name)

        def call(*args, **kwargs):
            if self.watch.depth:
                self.inside.append(name)
            return real(*args, **kwargs)
        setattr(nova, name, call)

    def test_watch_sees_a_call_made_inside_a_transaction(self):
        with db_api.writer():
            self.nova.server('x')
        self.assertEqual(['server'], self.inside)

    def test_boot_activate_suspend_resume_terminate(self):
        self.paid_order(sats=100)
        self.step()                      # boot
        self.later(15)
        self.step()                      # poll the server: still BUILD
        self.report('ACTIVE')
        self.later(100)
        self.step()                      # suspend
        self.report('SUSPENDED')
        ledger.simulate_payment('o-1', 60)
        self.step()                      # resume
        self.report('ACTIVE')
        self.later(60)
        self.step()
        self.report('SUSPENDED')
        self.later(600)
        self.assertEqual('terminated', self.step())   # delete
        self.later(15)
        self.step()                      # the server is gone: confirmed
        self.assertEqual(
            {'boot': 1, 'server': 3, 'suspend': 2, 'resume': 1,
             'delete': 1}, {k: v for k, v in self.nova.calls.items() if v})
        self.assertEqual([], self.inside)

    def test_failed_boot_is_replaced(self):
        self.paid_order(sats=100)
        self.step()
        self.report('ERROR')             # delete, then boot again
        self.assertEqual({'boot': 2, 'delete': 1},
                         {k: v for k, v in self.nova.calls.items() if v})
        self.assertEqual([], self.inside)

    def test_unrecorded_boot_is_looked_for(self):
        self.paid_order(sats=100)
        self.unrecorded_boot()
        self.later(30)
        self.step()                      # look for it, none: boot again
        self.assertEqual({'find_server': 1, 'boot': 1},
                         {k: v for k, v in self.nova.calls.items() if v})
        self.assertEqual([], self.inside)

    def test_nova_failing_suspends_nothing_and_tries_again(self):
        self.active_order(sats=100)
        self.later(100)
        self.nova.unavailable = True
        self.assertRaises(exception.CloudUnavailable, self.step)
        order = self.order()
        # Nova did not take the suspend: the order is still active, due
        # again at the retry time, and then suspended.
        self.assertEqual('active', order['state'])
        self.assertEqual(timeutils.utcnow() + datetime.timedelta(seconds=15),
                         order['state_deadline'])
        self.later(15)
        self.nova.unavailable = False
        self.assertEqual('suspended', self.step())
        self.assertEqual(2, self.nova.calls['suspend'])

    def test_top_up_while_the_suspend_is_on_its_way_keeps_it_active(self):
        self.active_order(sats=100)
        self.later(100)
        real_suspend = self.nova.suspend

        def suspend(server_id):
            # NOTE: the buyer's payment commits while Nova is asked.
            ledger.simulate_payment('o-1', 60)
            real_suspend(server_id)
            self.nova.set_status(server_id, 'SUSPENDED')
        self.nova.suspend = suspend
        self.assertEqual('active', self.step())
        self.assertEqual(timeutils.utcnow() + datetime.timedelta(seconds=60),
                         self.order()['paid_until'])
        self.assertEqual(1, self.nova.calls['resume'])   # undone at once
        self.report('ACTIVE')
        self.assertEqual('active', self.order()['state'])
        self.assertEqual(1, self.nova.calls['resume'])
        self.assertEqual([], self.inside)

    def test_observation_survives_a_failed_action(self):
        self.active_order(sats=100)
        self.nova.unavailable = True
        self.assertRaises(exception.CloudUnavailable, self.report,
                          'SHELVED_OFFLOADED')
        order = self.order()
        self.assertEqual('SHELVED_OFFLOADED', order['server_state'])
        self.assertEqual('failed', order['state'])
        self.nova.unavailable = False
        self.later(15)
        actions.step('o-1', self.cloud)
        self.assertEqual({}, self.nova.servers)


class TestBootLock(test_lifecycle.LifecycleTestCase):
    """While one engine sends a boot, no other sends or looks for one."""

    def test_no_boot_while_another_engine_holds_the_boot(self):
        self.paid_order()
        with named_locks.try_lock('utter-va-boot-o-1') as taken:
            self.assertTrue(taken)
            self.step()
            self.assertEqual(0, self.nova.calls['boot'])
            self.later(30)
            self.step()                  # the settle time is over
            self.assertEqual(0, self.nova.calls['find_server'])
        self.later(15)
        self.step()
        self.assertEqual(1, self.nova.calls['find_server'])
        self.assertEqual(1, self.nova.calls['boot'])
        # NOTE: the attempt not sent counts, as one an engine died with.
        self.assertEqual(2, self.order()['boot_attempts'])

    def test_a_stale_attempt_is_not_sent(self):
        self.paid_order()
        real_boot = actions._send_boot
        sent = []

        def overtaken(job, cloud):
            sent.append(job.attempt)
            return real_boot(job, cloud)
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.orders.actions._send_boot', overtaken))
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.orders.actions._still_the_boot', lambda job: False))
        self.step()
        self.assertEqual([], sent)
        self.assertEqual(0, self.nova.calls['boot'])
