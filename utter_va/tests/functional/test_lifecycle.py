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

"""The order lifecycle on the real cloud, bus and MariaDB.

utter-va-engine runs as a process against minicloud (real Keystone, Nova,
Placement, Glance, Neutron; RabbitMQ; MariaDB) with the fake payment
driver and lifecycle durations of seconds. The test plays the buyer by
writing orders and payments to the deployment's database the way the API
and the ledger do, and checks Nova itself for the servers.
"""

import concurrent.futures
import datetime
import hashlib
import hmac
import json
import os
import time

from novaclient import client as nova_client
from novaclient import exceptions as nova_exc
from oslo_config import cfg
import oslo_messaging
from oslo_utils import timeutils
from oslo_utils import uuidutils
import testtools

from utter_va.common import faults
from utter_va.common import order_token
from utter_va.db import api as db_api
from utter_va.db import payments as db_payments
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.payment import fake
from utter_va.tests import fixtures
from utter_va.tests.functional import deployment
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.unit.payment.fakes import base as fakes_base

PRICE = 3_600_000  # msat per hour: one sat buys one second
WAIT = 180


def say(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


class LifecycleCloudTestCase(testtools.TestCase):
    """A deployment with one engine-ready database and a tiny flavor."""

    ORDERS = {'sweep_interval': 1, 'grace_period': 6, 'boot_settle_time': 5,
              'action_retry_interval': 3, 'boot_timeout': 120,
              'reconcile_interval': 60, 'publish_interval': 1}
    #: More deployment options of a test case: {group: {option: value}},
    #: over the ones below.
    OPTIONS = {}

    def setUp(self):
        super().setUp()
        # NOTE: the test applies payments itself, with the engine's rules.
        self.useFixture(fixtures.ConfFixture()).config(
            minimum_purchase_seconds=1, group='payment')
        self.d = self.useFixture(deployment.Deployment(
            options=self.deployment_options()))
        self.nova = nova_client.Client('2.79', session=self.d.cloud.session())
        utter = self.d.cloud.session('minicloud-utter')
        # NOTE: an operator lifts the service project's quotas for the
        # servers it sells; minicloud's defaults allow 10 instances.
        self.nova.quotas.update(utter.get_project_id(), instances=-1,
                                cores=-1, ram=-1)
        self.flavor = self.nova.flavors.create(
            'lc-%s' % uuidutils.generate_uuid()[:8], ram=64, vcpus=1, disk=1)
        self.addCleanup(self.flavor.delete)
        self.addCleanup(self.delete_servers)

    def deployment_options(self):
        """The deployment's {group: {option: value}}; subclasses add.

        ``OPTIONS`` adds or replaces whole groups.
        """
        return dict({'orders': dict(self.ORDERS),
                     'payment': {'minimum_purchase_seconds': 1},
                     'engine': {'capacity_sync_interval': 600,
                                'heartbeat_interval': 5}}, **self.OPTIONS)

    def delete_servers(self):
        for server in self.servers():
            try:
                server.delete()
            except nova_exc.NotFound:
                pass

    def servers(self):
        """Nova's live servers of this deployment."""
        return [s for s in self.nova.servers.list(
            search_opts={'all_tenants': 1, 'name': '^utter-'}, limit=-1)
            if s.metadata.get('utter_va_deployment') == self.d.deployment_id]

    def servers_ever(self, order_ids):
        """{order id: [server ids]} of every server Nova ever had for them.

        Deleted servers come back without their metadata, so they are
        matched by name, which carries the order's UUID.
        """
        names = {'utter-' + order_id: order_id for order_id in order_ids}
        found = {}
        for search in ({}, {'deleted': True}):
            search.update(all_tenants=1, name='^utter-')
            for server in self.nova.servers.list(search_opts=search,
                                                 limit=-1):
                if server.name in names:
                    found.setdefault(names[server.name], set()).add(
                        server.id)
        return found

    def place(self, order_id=None, sats=900, **values):
        order_id = order_id or uuidutils.generate_uuid()
        fixtures.order_with_request(
            fake.FakeDriver(), order_id, PRICE, sats * 1000,
            flavor_id=self.flavor.id, flavor_name=self.flavor.name,
            state_deadline=timeutils.utcnow() + datetime.timedelta(
                seconds=900), **values)
        return order_id

    def wait_order(self, order_id, state, timeout=WAIT):
        def reached():
            order = db_api.order_get(order_id)
            return order if order['state'] == state else None
        return ft_fixtures.wait_for(
            reached, timeout, 'order %s never became %s (it is %s); engine '
            'log tail:\n%s' % (order_id, state,
                               db_api.order_get(order_id)['state'],
                               self.d.log('utter-va-engine')[-3000:]))

    def nova_status(self, server_id):
        try:
            return self.nova.servers.get(server_id).status
        except nova_exc.NotFound:
            return 'DELETED'

    def wait_nova(self, server_id, status, timeout=WAIT):
        ft_fixtures.wait_for(
            lambda: self.nova_status(server_id) == status, timeout,
            'server %s never became %s in Nova (it is %s)' % (
                server_id, status, self.nova_status(server_id)))

    def servers_of(self, order_id):
        return self.servers_ever([order_id]).get(order_id, set())

    def crash(self, point):
        """Start an engine that SIGKILLs itself at ``point``.

        Returns the engine and the marker file it leaves when it does.
        """
        marker = os.path.join(self.d.tmp, 'crashed-' + point)
        engine = self.d.start_engine(name='crashing', env={
            faults.ENV: point, faults.MARKER_ENV: marker})
        return engine, marker

    def restart_after(self, engine, marker, point):
        ft_fixtures.wait_for(lambda: os.path.exists(marker), WAIT,
                             'the engine never reached %s' % point)
        # NOTE: the supervisor would restart the killed worker; kill the
        # whole engine instead and start a fresh one.
        engine.kill()
        say('engine SIGKILLed at %s' % point)
        self.d.start_engine(name='restarted')


class TestLifecycle(LifecycleCloudTestCase):

    def test_paid_active_suspended_topped_up_then_deleted(self):
        self.d.start_engine()
        started = time.monotonic()
        order_id = self.place()
        ledger.simulate_payment(order_id, 12)
        order = self.wait_order(order_id, 'active')
        self.wait_nova(order['server_id'], 'ACTIVE')
        say('ACTIVE in Nova after %.1fs' % (time.monotonic() - started))
        server = self.nova.servers.get(order['server_id'])
        self.assertEqual(order_id, server.metadata['utter_va_order_id'])
        self.assertTrue(server.metadata['utter_va_topup_url'].endswith(
            '/v1/orders/%s/topup' % order_id))
        self.assertEqual(
            order['activated_at'] + datetime.timedelta(seconds=12),
            order['paid_until'], 'the paid clock starts at ACTIVE')

        self.wait_order(order_id, 'suspended')
        self.wait_nova(order['server_id'], 'SUSPENDED')
        say('SUSPENDED after %.1fs' % (time.monotonic() - started))
        ledger.simulate_payment(order_id, 8)
        self.wait_order(order_id, 'active')
        self.wait_nova(order['server_id'], 'ACTIVE')
        say('ACTIVE again after the top-up, %.1fs'
            % (time.monotonic() - started))

        self.wait_order(order_id, 'suspended')
        order = self.wait_order(order_id, 'terminated')
        self.wait_nova(order['server_id'], 'DELETED')
        say('DELETED after %.1fs' % (time.monotonic() - started))
        self.assertEqual(closing.PAID_TIME_OVER, order['close_reason'])
        self.assertEqual([
            'awaiting_payment', 'paid', 'booting', 'active', 'suspended',
            'active', 'suspended', 'terminated'],
            [t['to_state'] for t in db_api.order_transitions(order_id)])
        self.assertEqual(1, len(self.servers_of(order_id)))

    def test_server_deleted_outside_utter_va_fails_the_order(self):
        self.d.start_engine()
        order_id = self.place()
        ledger.simulate_payment(order_id, 600)
        order = self.wait_order(order_id, 'active')
        self.nova.servers.delete(order['server_id'])
        order = self.wait_order(order_id, 'failed')
        self.assertEqual(closing.DELETED_OUTSIDE, order['close_reason'])
        owed = [r for r in db_payments.refunds_owed()
                if r['order_id'] == order_id]
        self.assertEqual(1, len(owed))
        self.assertGreater(owed[0]['amount_msat'], 500_000)


class TestExactlyOnce(LifecycleCloudTestCase):

    def test_same_payment_50_times_concurrently_boots_one_server(self):
        self.d.start_engine()
        order_id = self.place()
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            payments = list(pool.map(lambda _: ledger.simulate_payment(
                order_id, 600, money_key='txid:7'), range(50)))
        self.assertEqual(1, len({p['id'] for p in payments}))
        order = self.wait_order(order_id, 'active')
        self.assertEqual(600_000, order['paid_msat'])
        self.assertEqual(600, order['credited_seconds'])
        time.sleep(3)  # room for a second boot, were there one
        self.assertEqual(1, len(self.servers_of(order_id)))
        self.assertEqual(1, order['boot_attempts'])

    def crash_then_restart(self, point, expect_attempts):
        engine, marker = self.crash(point)
        order_id = self.place()
        ledger.simulate_payment(order_id, 600)
        self.restart_after(engine, marker, point)
        order = self.wait_order(order_id, 'active')
        self.wait_nova(order['server_id'], 'ACTIVE')
        self.assertEqual(1, len(self.servers_of(order_id)),
                         'a crash at %s made two servers' % point)
        self.assertEqual(expect_attempts, order['boot_attempts'])

    def test_killed_right_after_sending_the_boot(self):
        self.crash_then_restart('after_boot_sent', expect_attempts=1)

    def test_killed_after_recording_the_attempt_before_sending(self):
        self.crash_then_restart('after_boot_marked', expect_attempts=2)

    def test_killed_after_sending_the_suspend(self):
        engine, marker = self.crash('after_suspend_sent')
        order_id = self.place()
        ledger.simulate_payment(order_id, 5)
        ft_fixtures.wait_for(lambda: os.path.exists(marker), WAIT,
                             'the engine never suspended')
        self.assertEqual('active', db_api.order_get(order_id)['state'],
                         'the suspend was sent, never recorded')
        self.restart_after(engine, marker, 'after_suspend_sent')
        order = self.wait_order(order_id, 'suspended')
        self.wait_nova(order['server_id'], 'SUSPENDED')
        self.wait_order(order_id, 'terminated')
        self.assertEqual(1, len(self.servers_of(order_id)))


class TestTwoEngines(LifecycleCloudTestCase):

    WAVES = 2
    PER_WAVE = 50

    def test_100_orders_two_engines_each_boot_and_expiry_once(self):
        for name in ('engine-a', 'engine-b'):
            self.d.start_engine(name=name)
        started = time.monotonic()
        all_orders = []
        for wave in range(self.WAVES):
            # NOTE: two waves because minicloud holds 64 such servers.
            orders = [self.place() for _ in range(self.PER_WAVE)]
            for order_id in orders:
                ledger.simulate_payment(order_id, 10)
            for order_id in orders:
                self.wait_order(order_id, 'terminated', timeout=600)
            say('wave %d: %d orders booted, expired and deleted after '
                '%.1fs' % (wave + 1, len(orders),
                           time.monotonic() - started))
            all_orders += orders
        by_order = self.servers_ever(all_orders)
        self.assertEqual(set(all_orders), set(by_order))
        self.assertEqual([], [o for o, ids in by_order.items()
                              if len(ids) != 1], 'orders with 2 servers')
        say('servers made: %d for %d orders' % (
            sum(len(ids) for ids in by_order.values()), len(all_orders)))
        for order_id in all_orders:
            states = [t['to_state']
                      for t in db_api.order_transitions(order_id)]
            self.assertEqual(['awaiting_payment', 'paid', 'booting',
                              'active', 'suspended', 'terminated'], states)
        # NOTE: how the work was shared, for the record (the database
        # above is what proves nothing was done twice).
        logs = [self.d.log(name) for name in ('engine-a', 'engine-b')]
        say('boots requested per engine: %s, suspensions per engine: %s' % (
            [log.count('requested (attempt') for log in logs],
            [log.count(': suspended (paid time over)') for log in logs]))


class _Callbacks(fakes_base.JSONHandler):
    """A buyer's callback endpoint on loopback."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        type(self).received.append((self.headers['X-Utter-Va-Signature'],
                                    body))
        self._send(204)


class _OrderEvents:
    """An oslo.messaging endpoint that keeps utter-va's order events."""

    def __init__(self, order_id):
        self.order_id = order_id
        self.events = []

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        data = payload.get('utter_va_object.data', {})
        if data.get('order_id') == self.order_id:
            self.events.append(event_type)


class TestPublication(LifecycleCloudTestCase):

    ORDERS = dict(LifecycleCloudTestCase.ORDERS, callback_allow_private=True)
    SEQUENCE = ['awaiting_payment', 'paid', 'booting', 'active', 'suspended',
                'terminated']

    def test_notifications_on_the_bus_and_signed_callbacks(self):
        _Callbacks.received = []
        url = fakes_base.serve(self, _Callbacks) + '/sold'
        token = order_token.new()
        order_id = uuidutils.generate_uuid()
        conf = cfg.ConfigOpts()
        conf([], project='utter-va-ft')
        transport = oslo_messaging.get_notification_transport(
            conf, url=self.d.cloud.transport_url)
        self.addCleanup(transport.cleanup)
        events = _OrderEvents(order_id)
        listener = oslo_messaging.get_notification_listener(
            transport, [oslo_messaging.Target(topic='notifications')],
            [events], executor='threading', pool='ft-' + order_id)
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)
        self.d.start_engine()
        fixtures.order_with_request(
            fake.FakeDriver(), order_id, PRICE, 900_000,
            flavor_id=self.flavor.id, flavor_name=self.flavor.name,
            callback_url=url, token_hash=order_token.digest(token),
            state_deadline=timeutils.utcnow() + datetime.timedelta(
                seconds=900))
        ledger.simulate_payment(order_id, 5)
        self.wait_order(order_id, 'terminated')
        expected = ['order.' + state for state in self.SEQUENCE]
        ft_fixtures.wait_for(lambda: events.events == expected, 30,
                             'notifications: %s' % events.events)
        ft_fixtures.wait_for(lambda: len(_Callbacks.received) == 6, 30,
                             'callbacks: %d' % len(_Callbacks.received))
        key = order_token.digest(token).encode()
        states = []
        for signature, body in _Callbacks.received:
            self.assertEqual('sha256=' + hmac.new(
                key, body, hashlib.sha256).hexdigest(), signature)
            states.append(json.loads(body)['order']['state'])
        self.assertEqual(self.SEQUENCE, states)
        say('notifications and callbacks: %s' % ', '.join(states))
