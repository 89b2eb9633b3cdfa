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

"""Order servers' notifications, the sweeper and the reconciler."""

import copy
import json
import os

import fixtures
from oslo_db import exception as db_exc
import oslo_messaging
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.engine import reconciler
from utter_va.engine import rpc_endpoint
from utter_va.engine import rpcapi
from utter_va.engine import server_events
from utter_va.engine import sweeper
from utter_va.orders import tasks
from utter_va.payment import base as payment_base
from utter_va.payment import fake
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.orders import test_lifecycle

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'data',
                    'nova_notifications')


def captured(event_type):
    with open(os.path.join(DATA, event_type + '.json')) as f:
        return json.load(f)


class TestServerEvents(test_lifecycle.LifecycleTestCase):

    def setUp(self):
        super().setUp()
        self.endpoint = server_events.ServerEventsEndpoint(self.cloud)
        self.paid_order()
        self.step()
        self.server_id = self.order()['server_id']

    def message(self, event_type='instance.create.end', state='active',
                deployment='utter-va', order_id='o-1', at=None):
        message = copy.deepcopy(captured('instance.create.end'))
        message['event_type'] = event_type
        data = message['payload']['nova_object.data']
        data.update(uuid=self.server_id, state=state, metadata={
            'utter_va_order_id': order_id,
            'utter_va_deployment': deployment},
            ip_addresses=[{'address': '192.0.2.7', 'label': 'public',
                           'version': 4}])
        message['metadata'] = {'timestamp': str(at or timeutils.utcnow())}
        return message

    def test_active_server_activates_its_order(self):
        result = self.endpoint.info([self.message()])
        self.assertEqual(oslo_messaging.NotificationResult.HANDLED, result)
        order = self.order()
        self.assertEqual('active', order['state'])
        self.assertEqual({'public': ['192.0.2.7']}, order['server_addresses'])

    def test_a_rebuild_under_way_is_told_from_its_end(self):
        self.endpoint.info([self.message()])
        tasks.rebuild('o-1')
        self.step()
        self.later(1)
        running = self.message(event_type='instance.rebuild.start')
        running['payload']['nova_object.data']['task_state'] = 'rebuilding'
        self.endpoint.info([running])
        order = self.order()
        self.assertEqual(('rebuilding', 'REBUILD'),
                         (order['state'], order['server_state']))
        self.later(1)
        self.endpoint.info([self.message(event_type='instance.rebuild.end')])
        self.assertEqual('active', self.order()['state'])

    def test_newest_report_of_a_batch_wins(self):
        older = self.message(state='building')
        newer = self.message(state='active')
        older['metadata']['timestamp'] = '2026-11-25 11:59:00'
        self.endpoint.info([newer, older])
        self.assertEqual('active', self.order()['state'])

    def test_other_deployments_and_plain_servers_are_ignored(self):
        plain = captured('instance.create.end')
        self.endpoint.info([self.message(deployment='another'), plain])
        self.assertEqual('booting', self.order()['state'])

    def test_malformed_is_dropped(self):
        broken = self.message()
        del broken['payload']['nova_object.data']['state']
        self.assertEqual(oslo_messaging.NotificationResult.HANDLED,
                         self.endpoint.info([broken, {'payload': None}]))
        self.assertEqual('booting', self.order()['state'])

    def test_database_error_requeues(self):
        self.useFixture(fixtures.MockPatch(
            'utter_va.orders.actions.server_changed',
            side_effect=db_exc.DBError('down')))
        self.assertEqual(oslo_messaging.NotificationResult.REQUEUE,
                         self.endpoint.info([self.message()]))


class TestSweeper(test_lifecycle.LifecycleTestCase):

    def test_sweep_advances_only_due_orders_and_reports_change(self):
        changes = []
        sweep = sweeper.Sweeper(self.cloud,
                                on_change=lambda: changes.append(1))
        self.paid_order('o-1')
        self.paid_order('o-2')
        self.assertEqual(2, sweep.sweep())
        self.assertEqual(2, self.nova.calls['boot'])
        self.assertEqual(0, sweep.sweep())
        self.assertEqual([1], changes)

    def test_one_failing_order_does_not_stop_the_sweep(self):
        self.paid_order('o-1')
        self.paid_order('o-2')
        real_step = sweeper.actions.step

        def step(order_id, cloud, now=None):
            if order_id == 'o-1':
                raise RuntimeError('a bug in one order')
            return real_step(order_id, cloud, now)

        self.useFixture(fixtures.MockPatch(
            'utter_va.orders.actions.step', side_effect=step))
        self.assertEqual(1, sweeper.Sweeper(self.cloud).sweep())
        self.assertEqual('booting', db_api.order_get('o-2')['state'])

    def test_poll_applies_payment_events_and_boots(self):
        _, info = test_fixtures.order_with_request(
            fake.FakeDriver(), 'o-9', test_lifecycle.PRICE, 100_000)

        class Driver(fake.FakeDriver):
            def poll(self, pending):
                assert [r['external_id'] for r in pending] == [
                    info.external_id]
                return [payment_base.PaymentEvent(
                    info.external_id, 'tx:0', 100_000, 1,
                    payment_base.CONFIRMED)]

        sweep = sweeper.Sweeper(self.cloud, Driver())
        self.assertEqual(1, sweep.poll_payments())
        self.assertEqual('booting', db_api.order_get('o-9')['state'])
        self.assertEqual(1, self.nova.calls['boot'])


class TestReconciler(test_lifecycle.LifecycleTestCase):

    def test_gone_server_fails_its_order(self):
        self.active_order()
        self.nova.servers.clear()
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertEqual('failed', self.order()['state'])

    def test_lost_notification_is_repaired(self):
        self.paid_order()
        self.step()
        self.nova.set_status(self.order()['server_id'], 'ACTIVE')
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertEqual('active', self.order()['state'])

    def test_orphans_are_reported_and_deleted_only_when_configured(self):
        self.active_order()
        orphan = self.nova.boot('utter-ghost', 'i', 'f', {
            'utter_va_order_id': 'ghost', 'utter_va_deployment': 'utter-va'})
        foreign = self.nova.boot('utter-other', 'i', 'f', {
            'utter_va_order_id': 'x', 'utter_va_deployment': 'another'})
        self.assertEqual((1, 1),
                         reconciler.Reconciler(self.cloud).reconcile())
        self.assertIn(orphan['id'], self.nova.servers)
        self.flags(delete_orphan_servers=True, group='orders')
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertNotIn(orphan['id'], self.nova.servers)
        self.assertIn(foreign['id'], self.nova.servers)
        self.assertIn(self.order()['server_id'], self.nova.servers)

    def test_server_of_an_unrecorded_boot_is_no_orphan(self):
        self.flags(delete_orphan_servers=True, group='orders')
        self.paid_order()
        with db_api.writer() as s:
            s.execute(sa.text(
                "UPDATE orders SET state='booting' WHERE id='o-1'"))
        in_flight = self.nova.boot('utter-o-1', 'i', 'f', {
            'utter_va_order_id': 'o-1', 'utter_va_deployment': 'utter-va'})
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertIn(in_flight['id'], self.nova.servers)


class TestRPC(test_lifecycle.LifecycleTestCase):
    """The engine's RPC endpoint behind a real oslo.messaging server."""

    def test_casts_reach_the_endpoint_over_the_fake_bus(self):
        changes = []
        server = rpc_endpoint.rpc_server(
            rpc_endpoint.EngineEndpoint(
                self.cloud, on_change=lambda: changes.append(1)), 'host-1')
        server.start()
        self.addCleanup(server.wait)
        self.addCleanup(server.stop)
        self.paid_order()
        engine = rpcapi.EngineAPI()
        engine.prices_changed()
        engine.payment_recorded('o-1')
        test_fixtures.wait_for(
            lambda: self.nova.calls['boot'] == 1 and len(changes) == 2, 10)
        self.assertEqual('booting', self.order()['state'])
