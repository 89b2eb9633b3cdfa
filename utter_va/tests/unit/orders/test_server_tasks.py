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

"""The buyer's reboot and rebuild, from the request to Nova and back."""

import datetime

import fixtures
from oslo_utils import timeutils

from utter_va.db import api as db_api
from utter_va.engine import rpc_endpoint
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.orders import actions
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.orders import lifecycle
from utter_va.orders import states
from utter_va.orders import tasks
from utter_va.orders import transitions
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.orders import test_lifecycle

OLD_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLDOLDOLD old@example'
NEW_KEY = test_fixtures.SSH_KEY


def blob(key):
    """The base64 part of a key line, as the cloud-config holds it."""
    return key.split()[1]


class TaskTestCase(test_lifecycle.LifecycleTestCase):

    def setUp(self):
        super().setUp()
        self.paid_order(sats=600, ssh_public_key=OLD_KEY,
                        user_data='#!/bin/sh\necho hi\n')
        self.step()
        self.report('ACTIVE')
        self.server_id = self.order()['server_id']
        self.paid_until = self.order()['paid_until']
        self.later(1)

    def sent(self, kind='reboot', **kwargs):
        """Ask for a task and let the engine send it; return the state."""
        getattr(tasks, kind)('o-1', **kwargs)
        return self.step()

    def refusal(self, kind='reboot'):
        return self.assertRaises(exception.OrderActionRefused,
                                 getattr(tasks, kind), 'o-1')


class TestReboot(TaskTestCase):

    def test_reboot_sent_once_then_active_when_nova_says_so(self):
        self.assertEqual('rebooting', self.sent())
        self.assertEqual(1, self.nova.calls['reboot'])
        order = self.order()
        self.assertEqual('REBOOT', order['server_state'])
        self.assertIsNone(self.step(), 'not due: nothing sent again')
        self.later(1)
        self.assertEqual('active', self.report('ACTIVE'))
        order = self.order()
        self.assertEqual(1, self.nova.calls['reboot'])
        self.assertEqual(self.paid_until, order['paid_until'],
                         'paid time ran on, untouched')
        self.assertEqual(order['paid_until'], order['state_deadline'])
        self.assertIsNone(order['task_sent_at'])
        self.assertEqual(('active', 'rebooting'), self.causes()[-2])
        self.assertEqual(('rebooting', 'active'), self.causes()[-1])
        log = db_api.order_transitions('o-1')
        self.assertEqual(['soft reboot asked by the buyer', 'rebooting done'],
                         [t['cause'] for t in log[-2:]])

    def test_hard_reboot(self):
        self.sent(reboot_type='HARD')
        self.assertEqual((0, 1), (self.nova.calls['reboot'],
                                  self.nova.calls['hard_reboot']))
        self.assertEqual('HARD_REBOOT', self.order()['server_state'])

    def test_a_report_older_than_the_reboot_does_not_end_it(self):
        self.sent()
        before = timeutils.utcnow() - datetime.timedelta(seconds=1)
        self.assertIsNone(self.report_at('ACTIVE', before))
        self.assertEqual('rebooting', self.order()['state'])

    def report_at(self, status, at):
        return actions.server_changed('o-1', self.server_id, status, None,
                                      at, self.cloud)

    def test_a_lost_notification_is_caught_by_polling_nova(self):
        self.sent()
        self.nova.set_status(self.server_id, 'ACTIVE')
        self.later(15)
        self.assertEqual('active', self.step())
        self.assertEqual(1, self.nova.calls['reboot'])

    def test_refused_while_one_runs_and_outside_active(self):
        self.sent()
        exc = self.refusal('rebuild')
        self.assertEqual(409, exc.code)
        self.assertIn('already in progress', str(exc))
        self.refusal('reboot')
        self.assertEqual(1, self.nova.calls['reboot'])
        for state in set(states.ALL) - {'active', 'rebooting'}:
            with db_api.writer() as s:
                transitions.lock(s, 'o-1').state = state
            self.assertIn('is %s' % state, str(self.refusal()))

    def test_refused_when_paid_time_is_over_or_the_server_is_not_active(self):
        self.nova.set_status(self.server_id, 'SUSPENDED')
        self.report('SUSPENDED')
        self.assertIn('server is SUSPENDED', str(self.refusal()))
        self.later(600)
        self.assertIn('paid time is over', str(self.refusal()))
        self.assertRaises(exception.OrderNotFound, tasks.reboot, 'nope')
        self.assertRaises(exception.Invalid, tasks.reboot, 'o-1', 'WARM')

    def test_top_up_while_rebooting_extends_paid_time(self):
        self.sent()
        ledger.simulate_payment('o-1', 60)
        self.step()
        order = self.order()
        self.assertEqual('rebooting', order['state'])
        self.assertEqual(self.paid_until + datetime.timedelta(seconds=60),
                         order['paid_until'])

    def test_cancelled_while_rebooting_owes_the_unused_time(self):
        self.sent()
        self.later(99)
        closing.close_by_operator('o-1', 'cancelled', actor='op')
        self.step()
        self.assertEqual(500 * 1000, self.owed())
        self.assertNotIn(self.server_id, self.nova.servers)

    def test_engine_that_died_before_sending_never_sends_it_twice(self):
        tasks.rebuild('o-1')
        with db_api.writer() as s:
            # The engine decided, committed, and died before sending.
            lifecycle.decide(s, transitions.lock(s, 'o-1'),
                             timeutils.utcnow())
        self.later(15)
        self.nova.set_status(self.server_id, 'ACTIVE')
        self.assertEqual('active', self.step())
        self.assertEqual(0, self.nova.calls['rebuild'])


class TestRebuild(TaskTestCase):

    def test_rebuild_with_the_orders_image_and_a_new_key(self):
        self.assertEqual('rebuilding', self.sent('rebuild',
                                                 ssh_public_key=NEW_KEY))
        self.assertEqual(1, len(self.nova.rebuilds))
        rebuild = self.nova.rebuilds[0]
        self.assertEqual((self.server_id, 'image-cirros'),
                         (rebuild['id'], rebuild['image_id']))
        self.assertIn(blob(NEW_KEY), rebuild['user_data'])
        self.assertNotIn(blob(OLD_KEY), rebuild['user_data'])
        self.assertIn('echo hi', rebuild['user_data'])
        self.assertEqual(NEW_KEY, self.order()['ssh_public_key'])
        self.assertEqual('REBUILD', self.order()['server_state'])
        self.later(5)
        self.assertEqual('active', self.report('ACTIVE'))
        self.assertEqual(self.server_id, self.order()['server_id'])

    def test_rebuild_without_a_key_keeps_the_orders_key(self):
        self.sent('rebuild')
        self.assertIn(blob(OLD_KEY), self.nova.rebuilds[0]['user_data'])
        self.assertEqual(OLD_KEY, self.order()['ssh_public_key'])

    def test_rebuild_nova_failed_fails_the_order_and_owes_the_rest(self):
        self.sent('rebuild')
        self.later(99)
        self.assertEqual('failed', self.report('ERROR'))
        order = self.order()
        self.assertEqual(closing.SERVER_ERROR, order['close_reason'])
        self.assertEqual(500 * 1000, self.owed())
        self.assertNotIn(self.server_id, self.nova.servers)

    def test_rebuild_nova_refused_is_active_again_with_the_reason(self):
        self.useFixture(fixtures.MockPatchObject(
            self.nova, 'rebuild', side_effect=exception.CloudRequestRefused(
                service='Nova', reason='image too big for the flavor')))
        self.assertEqual('active', self.sent('rebuild'))
        last = db_api.order_transitions('o-1')[-1]
        self.assertEqual(('rebuilding', 'active', 'rebuild refused by Nova'),
                         (last['from_state'], last['to_state'],
                          last['cause']))
        self.assertIn('image too big', last['detail'])
        self.assertEqual(self.paid_until, self.order()['state_deadline'])

    def test_nova_unavailable_sends_it_again_at_the_retry_time(self):
        self.nova.unavailable = True
        self.assertEqual('rebuilding', self.sent('rebuild'))
        self.assertIsNone(self.order()['task_sent_at'])
        self.nova.unavailable = False
        self.later(15)
        self.assertEqual('rebuilding', self.step())
        self.assertEqual(2, self.nova.calls['rebuild'])
        self.assertEqual(1, len(self.nova.rebuilds))

    def test_paid_time_over_while_rebuilding_suspends(self):
        self.sent('rebuild')
        self.later(599)
        self.assertEqual('suspended', self.step())
        order = self.order()
        self.assertEqual((1, None), (self.nova.calls['suspend'],
                                     order['task_sent_at']))
        self.assertEqual(timeutils.utcnow(), order['suspended_at'])
        # Nova refuses a suspend while it rebuilds (a conflict, ignored);
        # once the rebuild is over the suspend is sent again and taken.
        self.later(1)
        self.assertEqual('suspended', self.report('ACTIVE'))
        self.assertEqual(2, self.nova.calls['suspend'])
        self.assertEqual('suspended', self.report('SUSPENDED'))
        ledger.simulate_payment('o-1', 60)
        self.assertEqual('active', self.step())
        self.assertEqual(1, self.nova.calls['resume'])


class TestServerTaskCast(TaskTestCase):
    """The API's nudge reaches the engine over the (fake) bus."""

    def test_cast_sends_the_reboot(self):
        server = rpc_endpoint.rpc_server(
            rpc_endpoint.EngineEndpoint(self.cloud), 'host-1')
        server.start()
        self.addCleanup(server.wait)
        self.addCleanup(server.stop)
        tasks.reboot('o-1')
        rpcapi.EngineAPI().server_task_requested('o-1')
        test_fixtures.wait_for(lambda: self.nova.calls['reboot'] == 1, 10)
        self.assertEqual('rebooting', self.order()['state'])
