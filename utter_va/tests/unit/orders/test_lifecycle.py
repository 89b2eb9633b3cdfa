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

"""The order lifecycle on sqlite, with an in-memory Nova."""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import actions
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.payment import fake
from utter_va.tests import base
from utter_va.tests import fixtures
from utter_va.tests.unit.engine import fake_cloud

PRICE = 3_600_000  # msat per hour: 1 msat a second
T0 = datetime.datetime(2026, 11, 25, 12, 0, 0)


class LifecycleTestCase(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.flags(minimum_purchase_seconds=60, group='payment')
        self.flags(boot_settle_time=30, boot_timeout=300, boot_retries=1,
                   grace_period=600, action_retry_interval=15,
                   group='orders')
        timeutils.set_time_override(T0)
        self.addCleanup(timeutils.clear_time_override)
        self.cloud = fake_cloud.FakeCloud()
        self.nova = self.cloud.nova

    def later(self, seconds):
        timeutils.advance_time_seconds(seconds)
        return timeutils.utcnow()

    def paid_order(self, order_id='o-1', sats=100, **values):
        fixtures.order_with_request(fake.FakeDriver(), order_id, PRICE,
                                    sats * 1000, **values)
        ledger.simulate_payment(order_id, sats)
        return order_id

    def order(self, order_id='o-1'):
        return db_api.order_get(order_id)

    def step(self, order_id='o-1'):
        return actions.step(order_id, self.cloud)

    def report(self, status, order_id='o-1', addresses=None):
        order = self.order(order_id)
        self.nova.set_status(order['server_id'], status)
        return actions.server_changed(
            order_id, order['server_id'], status, addresses,
            timeutils.utcnow(), self.cloud)

    def active_order(self, order_id='o-1', sats=100):
        self.paid_order(order_id, sats)
        self.step(order_id)
        self.report('ACTIVE', order_id)
        return self.order(order_id)

    def unrecorded_boot(self):
        """Leave o-1 as an engine that died booting it: attempt recorded."""
        with db_api.writer() as s:
            s.execute(sa.text(
                "UPDATE orders SET state='booting', boot_attempts=1, "
                "boot_requested_at=:t, state_deadline=:t WHERE id='o-1'"),
                {'t': timeutils.utcnow()})

    def owed(self, order_id='o-1'):
        return sum(r['amount_msat'] for r in db_payments.refunds_owed()
                   if r['order_id'] == order_id)

    def causes(self, order_id='o-1'):
        return [(t['from_state'], t['to_state'])
                for t in db_api.order_transitions(order_id)]


class TestBoot(LifecycleTestCase):

    def test_paid_order_boots_one_server_with_its_metadata(self):
        self.paid_order(ssh_public_key='ssh-ed25519 AAAAC3Nza buyer')
        self.assertEqual('booting', self.step())
        order = self.order()
        self.assertEqual(1, self.nova.calls['boot'])
        boot = self.nova.boots[0]
        self.assertEqual(order['server_id'], boot['id'])
        self.assertEqual('utter-o-1', boot['name'])
        self.assertEqual('image-cirros', boot['image_id'])
        self.assertEqual({'utter_va_order_id': 'o-1',
                          'utter_va_deployment': 'utter-va',
                          'utter_va_topup_url':
                          'http://127.0.0.1:9870/v1/orders/o-1/topup'},
                         boot['metadata'])
        self.assertIn('ssh_authorized_keys', boot['user_data'])
        self.assertIn('ssh-ed25519 AAAAC3Nza buyer', boot['user_data'])
        self.assertEqual(1, order['boot_attempts'])
        # Not due again until the settle time: no second boot.
        self.assertIsNone(self.step())
        self.assertEqual(1, self.nova.calls['boot'])

    def test_paid_clock_starts_when_the_server_is_active(self):
        self.paid_order(sats=100)
        self.step()
        started = self.later(120)  # a slow boot costs the buyer nothing
        self.assertEqual('active', self.report(
            'ACTIVE', addresses=[{'address': '10.0.0.5', 'label': 'net'}]))
        order = self.order()
        self.assertEqual(started, order['activated_at'])
        self.assertEqual(started + datetime.timedelta(seconds=100),
                         order['paid_until'])
        self.assertEqual(order['paid_until'], order['state_deadline'])
        self.assertEqual({'net': ['10.0.0.5']}, order['server_addresses'])
        self.assertEqual([(None, 'awaiting_payment'),
                          ('awaiting_payment', 'paid'),
                          ('paid', 'booting'), ('booting', 'active')],
                         self.causes())

    def test_missed_notification_is_caught_by_the_sweep(self):
        self.paid_order()
        self.step()
        self.nova.set_status(self.order()['server_id'], 'ACTIVE')
        self.later(15)
        self.assertEqual('active', self.step())

    def test_error_deletes_and_retries_then_fails_with_refund(self):
        self.paid_order(sats=100)
        self.step()
        first = self.order()['server_id']
        self.report('ERROR')
        self.assertNotIn(first, self.nova.servers)
        self.assertEqual(2, self.nova.calls['boot'])
        self.assertEqual(2, self.order()['boot_attempts'])
        self.report('ERROR')
        order = self.order()
        self.assertEqual('failed', order['state'])
        self.assertEqual(closing.BOOT_FAILED, order['close_reason'])
        self.assertEqual(2, self.nova.calls['boot'])
        self.assertEqual({}, self.nova.servers)
        self.assertEqual(100_000, self.owed())

    def test_boot_not_active_in_time_is_retried(self):
        self.paid_order()
        self.step()
        first = self.order()['server_id']
        self.later(301)
        self.step()
        self.assertNotIn(first, self.nova.servers)
        self.assertEqual(2, self.nova.calls['boot'])

    def test_crash_before_boot_was_recorded_finds_the_server(self):
        self.paid_order()
        # The attempt was committed and Nova got the boot, but the engine
        # died before it recorded the server.
        self.unrecorded_boot()
        server = self.nova.boot('utter-o-1', 'image-cirros', 'f',
                                {'utter_va_order_id': 'o-1'})
        self.step()
        self.assertEqual(0, self.nova.calls['find_server'],
                         'looked before the settle time')
        self.later(30)
        self.step()
        self.assertEqual(server['id'], self.order()['server_id'])
        self.assertEqual(1, self.nova.calls['boot'])

    def test_crash_before_nova_got_the_boot_boots_after_settling(self):
        self.paid_order()
        self.unrecorded_boot()
        self.later(30)
        self.step()
        self.assertEqual(1, self.nova.calls['boot'])
        self.assertIsNotNone(self.order()['server_id'])

    def test_nova_down_does_not_spend_attempts(self):
        self.paid_order()
        self.nova.unavailable = True
        self.step()
        self.assertEqual(0, self.order()['boot_attempts'])
        self.nova.unavailable = False
        self.later(30)
        self.step()
        self.assertEqual('booting', self.order()['state'])
        self.assertIsNotNone(self.order()['server_id'])

    def test_boot_that_never_starts_fails_after_paid_timeout(self):
        self.flags(paid_timeout=120, group='orders')
        self.paid_order()
        self.nova.unavailable = True
        for _ in range(6):
            try:
                self.step()
            except exception.CloudUnavailable:
                pass  # the sweep logs it and tries again
            self.later(31)
        order = self.order()
        self.assertEqual('failed', order['state'])
        self.assertEqual(closing.BOOT_NOT_STARTED, order['close_reason'])
        self.assertEqual(100_000, self.owed())


class TestExpiry(LifecycleTestCase):

    def test_paid_time_over_suspends_then_grace_over_deletes(self):
        self.active_order(sats=100)
        self.later(99)
        self.assertIsNone(self.step(), 'not due before paid_until')
        self.later(1)
        self.assertEqual('suspended', self.step())
        self.assertEqual(1, self.nova.calls['suspend'])
        self.report('SUSPENDED')
        self.later(599)
        self.assertIsNone(self.step())
        self.later(1)
        self.assertEqual('terminated', self.step())
        self.assertEqual({}, self.nova.servers)
        self.later(15)
        self.step()  # Nova confirms the deletion
        order = self.order()
        self.assertEqual(closing.PAID_TIME_OVER, order['close_reason'])
        self.assertEqual('DELETED', order['server_state'])
        self.assertIsNone(order['state_deadline'])
        self.assertEqual(0, self.owed())

    def test_suspend_not_confirmed_is_sent_again(self):
        self.active_order(sats=100)
        self.later(100)
        self.step()
        self.later(15)
        self.step()
        self.assertEqual(2, self.nova.calls['suspend'])

    def test_top_up_while_suspended_resumes(self):
        self.active_order(sats=100)
        self.later(100)
        self.step()
        self.report('SUSPENDED')
        self.later(50)
        ledger.simulate_payment('o-1', 60)
        self.assertEqual('active', self.step())
        self.assertEqual(1, self.nova.calls['resume'])
        order = self.order()
        self.assertEqual(timeutils.utcnow() + datetime.timedelta(seconds=60),
                         order['paid_until'])
        self.report('ACTIVE')
        self.assertEqual(order['paid_until'], self.order()['state_deadline'])

    def test_top_up_while_active_extends_paid_until(self):
        order = self.active_order(sats=100)
        self.later(10)
        ledger.simulate_payment('o-1', 50)
        self.assertEqual(order['paid_until'] +
                         datetime.timedelta(seconds=50),
                         self.order()['paid_until'])
        self.step()
        self.assertEqual(0, self.nova.calls['suspend'])

    def test_unpaid_order_expires_with_its_request(self):
        fixtures.order_with_request(fake.FakeDriver(), 'o-1', PRICE,
                                    100_000, state_deadline=T0)
        self.step()
        self.assertEqual('awaiting_payment', self.order()['state'])
        self.later(901)
        self.step()
        order = self.order()
        self.assertEqual('expired', order['state'])
        self.assertEqual('expired_unpaid', order['close_reason'])
        self.assertEqual(0, self.nova.calls['boot'])


class TestOutsideChanges(LifecycleTestCase):

    def test_server_deleted_outside_fails_order_and_owes_unused(self):
        self.active_order(sats=100)
        self.later(40)
        self.nova.servers.clear()
        self.assertEqual('failed', self.report_gone())
        order = self.order()
        self.assertEqual(closing.DELETED_OUTSIDE, order['close_reason'])
        self.assertEqual(60_000, self.owed())
        self.assertIsNone(order['state_deadline'])

    def report_gone(self):
        order = self.order()
        return actions.server_changed('o-1', order['server_id'],
                                      'DELETED', None, timeutils.utcnow(),
                                      self.cloud)

    def test_server_shelved_outside_fails_order_and_deletes_it(self):
        self.active_order(sats=100)
        self.report('SHELVED_OFFLOADED')
        self.assertEqual('failed', self.order()['state'])
        self.assertEqual(closing.SHELVED_OUTSIDE,
                         self.order()['close_reason'])
        self.assertEqual({}, self.nova.servers)

    def test_resumed_outside_while_suspended_is_suspended_again(self):
        self.active_order(sats=100)
        self.later(100)
        self.step()
        self.report('SUSPENDED')
        self.report('ACTIVE')
        self.assertEqual('suspended', self.order()['state'])
        self.assertEqual(2, self.nova.calls['suspend'])

    def test_older_report_changes_nothing(self):
        self.active_order()
        order = self.order()
        self.assertIsNone(actions.server_changed(
            'o-1', order['server_id'], 'DELETED', None,
            T0 - datetime.timedelta(seconds=5), self.cloud))
        self.assertEqual('active', self.order()['state'])

    def test_report_about_another_server_is_ignored(self):
        self.active_order()
        self.assertIsNone(actions.server_changed(
            'o-1', 'someone-else', 'DELETED', None, timeutils.utcnow(),
            self.cloud))


class TestOperatorClose(LifecycleTestCase):

    def test_cancel_owes_back_the_unused_time_and_deletes(self):
        self.active_order(sats=100)
        self.later(30)
        order = closing.close_by_operator('o-1', 'cancelled', actor='op')
        self.assertEqual(closing.CANCELLED, order['close_reason'])
        self.assertEqual(70_000, self.owed())
        self.step()
        self.assertEqual({}, self.nova.servers)
        log = db_api.order_transitions('o-1')[-1]
        self.assertEqual(('active', 'cancelled', 'op'),
                         (log['from_state'], log['to_state'], log['actor']))

    def test_cancel_unpaid_owes_back_what_was_held(self):
        fixtures.order_with_request(fake.FakeDriver(), 'o-1', PRICE, 100_000)
        ledger.simulate_payment('o-1', 10)  # below the minimum: held
        closing.close_by_operator('o-1', 'cancelled')
        self.assertEqual(10_000, self.owed())

    def test_terminate_owes_nothing_back(self):
        self.active_order(sats=100)
        closing.close_by_operator('o-1', 'terminated', actor='op')
        self.assertEqual(0, self.owed())
        self.assertEqual(closing.TERMINATED, self.order()['close_reason'])

    def test_closed_order_cannot_be_closed_again(self):
        self.active_order()
        closing.close_by_operator('o-1', 'cancelled')
        self.assertRaises(exception.InvalidStateTransition,
                          closing.close_by_operator, 'o-1', 'terminated')
        self.assertRaises(exception.OrderNotFound,
                          closing.close_by_operator, 'nope', 'cancelled')
