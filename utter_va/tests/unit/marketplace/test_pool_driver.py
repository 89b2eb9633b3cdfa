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

"""The pool driver against a pool that verifies what it is sent."""

import datetime
import os
import threading
import time

import fixtures
from oslo_utils import timeutils

from utter_protocol import documents
from utter_protocol import signing

from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import marketplace as db_marketplace
from utter_va.db import models
from utter_va.db import prices as db_prices
from utter_va.marketplace import client as pool_client
from utter_va.marketplace import pool as pool_driver
from utter_va.orders import states
from utter_va.orders import transitions
from utter_va.tests import base
from utter_va.tests import fixtures as utter_fixtures
from utter_va.tests.unit.marketplace import fake_pool

SECRET_TOKEN_HASH = 'c0ffee' * 10
SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBuyerKeyMustNeverLeave buyer'
CALLBACK = 'https://buyer.example/secret-callback'


def price(flavor_id='f1', msat=2000000, **values):
    db_prices.price_set(dict({
        'flavor_id': flavor_id, 'flavor_name': 'm1.%s' % flavor_id,
        'vcpus': 1, 'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
        'price_msat_per_hour': msat, 'max_units': None, 'enabled': True,
        'pricing_driver': 'fixed'}, **values))


def capacity(units, flavor_id='f1'):
    db_capacity.flavor_capacity_store([{
        'flavor_id': flavor_id, 'fit_units': units, 'held_units': 0,
        'sellable_units': units}])


def age_transitions(seconds=10):
    """Make every transition old enough to be reported."""
    with db_api.writer() as s:
        for row in s.query(models.OrderTransition):
            row.created_at = row.created_at - datetime.timedelta(
                seconds=seconds)


class PoolTestCase(base.DbTestCase):
    """A fake pool that knows this cloud, a key file, the driver."""

    on_disk = False
    approve = True

    def setUp(self):
        super().setUp()
        if self.on_disk:
            self.db = self.useFixture(utter_fixtures.SqliteDatabase(
                on_disk=True))
        self.pool = fake_pool.FakePool().start()
        self.addCleanup(self.pool.stop)
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.key_file = os.path.join(self.tmp, 'pool.key')
        self.key = signing.generate(self.key_file)
        self.cloud = self.pool.register(
            self.key, 'approved' if self.approve else 'pending')
        self.flags(url=self.pool.url, key_file=self.key_file, timeout=2,
                   max_backoff=60, heartbeat_interval=60,
                   change_check_interval=1, group='pool')
        pool_client.reset()
        self.addCleanup(pool_client.reset)
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.marketplace.pool.SETTLE_SECONDS', 0.0))
        self.driver = pool_driver.PoolDriver()
        self.logs = self.useFixture(fixtures.FakeLogger(
            'utter_va.marketplace.pool'))


class TestOffers(PoolTestCase):

    def test_offers_published_with_the_price_a_buyer_sees(self):
        price(msat=2500000)
        capacity(3)
        self.driver.run_once()
        [offers] = self.pool.of_kind(documents.OFFERS)
        self.assertEqual([{
            'flavor_id': 'f1', 'flavor_name': 'm1.f1', 'vcpus': 1,
            'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
            'image_url': False, 'sats_per_hour': 2500,
            'units_available': 3, 'min_hours': 1, 'max_hours': 720,
            'visibility': 'public'}], offers['offers'])
        self.assertEqual(self.cloud, offers['cloud'])
        lifetime = (documents.parse_time(offers['expires_at']) -
                    documents.parse_time(offers['issued_at']))
        self.assertEqual(300, lifetime.total_seconds())
        record = db_marketplace.documents()[documents.OFFERS]
        self.assertEqual(offers['sequence'], record['sequence'])
        self.assertIsNotNone(record['accepted_at'])
        self.assertIsNone(record['last_error'])

    def test_a_price_change_is_published_at_once(self):
        price()
        capacity(3)
        self.driver.run_once()
        self.driver.run_once()
        self.assertEqual(1, len(self.pool.of_kind(documents.OFFERS)))
        price(msat=9000000, allow_image_url=True)
        self.driver.offers_changed()
        self.driver.run_once()
        first, second = self.pool.of_kind(documents.OFFERS)
        self.assertGreater(second['sequence'], first['sequence'])
        self.assertEqual(9000, second['offers'][0]['sats_per_hour'])
        self.assertTrue(second['offers'][0]['image_url'])

    def test_a_change_seen_without_a_hint_is_published(self):
        price()
        capacity(3)
        self.driver.run_once()
        capacity(1)
        self.driver.offers.next_at = 0
        self.driver.run_once()
        self.assertEqual([3, 1], [d['offers'][0]['units_available'] for d in
                                  self.pool.of_kind(documents.OFFERS)])

    def test_heartbeat_resends_with_a_higher_sequence(self):
        self.flags(heartbeat_interval=5, group='pool')
        price()
        capacity(3)
        self.driver.run_once()
        self.driver._offers_sent_at -= 6
        self.driver.offers.next_at = 0
        self.driver.run_once()
        first, second = self.pool.of_kind(documents.OFFERS)
        self.assertEqual(first['offers'], second['offers'])
        self.assertGreater(second['sequence'], first['sequence'])
        self.assertGreater(second['expires_at'], first['expires_at'])

    def test_nothing_sellable_is_an_empty_offers_document(self):
        price(enabled=False)
        self.driver.run_once()
        self.assertEqual([], self.pool.of_kind(documents.OFFERS)[0]['offers'])

    def test_stale_offers_wait_for_the_next_heartbeat(self):
        price()
        capacity(3)
        self.pool.last[(self.cloud, documents.OFFERS)] = (2 ** 61, '', '')
        self.driver.run_once()
        self.assertEqual([], self.pool.of_kind(documents.OFFERS))
        self.assertIn('refused offers', self.logs.output)
        self.assertIn('as stale', self.logs.output)
        self.assertEqual(0, self.driver.offers.failures)
        self.assertGreater(self.driver.offers.next_at,
                           time.monotonic() + 50)
        record = db_marketplace.documents()[documents.OFFERS]
        self.assertIn('409', record['last_error'])


class TestRefusals(PoolTestCase):

    approve = False

    def test_not_approved_is_logged_once_and_backs_off(self):
        price()
        capacity(3)
        self.driver.run_once()
        self.driver.offers.next_at = 0
        self.driver.run_once()
        self.assertEqual(1, self.logs.output.count('refuses this cloud'))
        self.assertEqual(2, self.driver.offers.failures)
        self.assertIn('403', db_marketplace.documents()[
            documents.OFFERS]['last_error'])
        self.pool.clouds[self.cloud]['status'] = 'approved'
        self.driver.offers.next_at = 0
        self.driver.run_once()
        self.assertEqual(1, len(self.pool.of_kind(documents.OFFERS)))
        self.assertEqual(0, self.driver.offers.failures)
        self.assertIsNone(db_marketplace.documents()[
            documents.OFFERS]['last_error'])


class TestBackoff(PoolTestCase):

    def test_a_pool_that_is_down_is_retried_with_growing_delays(self):
        price()
        capacity(3)
        self.pool.down = 503
        delays = []
        for _ in range(8):
            self.driver.offers.next_at = 0
            before = time.monotonic()
            self.driver.run_once()
            delays.append(round(self.driver.offers.next_at - before))
        self.assertEqual([2, 4, 8, 16, 32, 60, 60, 60], delays)
        self.assertEqual(1, self.logs.output.count('did not take offers'))
        self.pool.down = None
        self.driver.offers.next_at = 0
        self.driver.run_once()
        self.assertEqual(1, len(self.pool.of_kind(documents.OFFERS)))
        self.assertIn('accepts offers documents again', self.logs.output)

    def test_retry_after_is_honoured(self):
        price()
        capacity(3)
        self.pool.down = 429
        self.pool.retry_after = 45
        before = time.monotonic()
        self.driver.run_once()
        self.assertGreaterEqual(self.driver.offers.next_at - before, 45)

    def test_no_answer_is_a_failure_too(self):
        self.flags(url='http://127.0.0.1:9', group='pool')
        price()
        capacity(3)
        self.driver.run_once()
        self.assertEqual(1, self.driver.offers.failures)
        self.assertIn('no answer', db_marketplace.documents()[
            documents.OFFERS]['last_error'])


class TestEvents(PoolTestCase):

    def order(self, state, **values):
        return utter_fixtures.create_test_order(
            state=state, flavor_id='f1', token_hash=SECRET_TOKEN_HASH,
            ssh_public_key=SSH_KEY, callback_url=CALLBACK,
            user_data='#cloud-config secret', client_network='203.0.113.7',
            server_addresses={'private': [{'addr': '198.51.100.9'}]},
            floating_ip_address='192.0.2.44', **values)

    def move(self, order, event):
        transitions.move(order['id'], event, 'test')

    def test_events_carry_the_order_hash_and_nothing_of_the_buyer(self):
        self.driver.run_once()
        order = self.order(states.AWAITING_PAYMENT)
        for event in (states.PAY, states.BOOT, states.ACTIVATE,
                      states.REBOOT, states.ACTIVATE, states.SUSPEND,
                      states.GRACE_OVER):
            self.move(order, event)
        age_transitions()
        self.driver.order_changed()
        self.driver.run_once()
        [events] = self.pool.of_kind(documents.EVENTS)
        self.assertEqual(
            ['paid', 'active', 'suspended', 'terminated'],
            [e['state'] for e in events['events']])
        for event in events['events']:
            self.assertEqual(signing.order_hash(self.cloud, order['id']),
                             event['order'])
            self.assertEqual('f1', event['flavor_id'])
        sent = b''.join(raw for _m, _p, raw in self.pool.requests)
        for secret in (order['id'], order['id'].replace('-', ''),
                       SECRET_TOKEN_HASH, SSH_KEY, 'AAAAC3NzaC1lZDI1NTE5',
                       CALLBACK, 'buyer.example', '#cloud-config',
                       '203.0.113.7', '198.51.100.9', '192.0.2.44',
                       order['pay_code']):
            self.assertNotIn(secret.encode(), sent)
        with open(self.key_file, 'rb') as f:
            pem = f.read()
        self.assertNotIn(pem.split(b'\n')[1], sent)

    def test_close_reasons_and_the_cursor_survive_a_restart(self):
        self.driver.run_once()
        order = self.order(states.ACTIVE)
        transitions.move(order['id'], states.FAIL, 'test',
                         values={'close_reason': 'server_lost'})
        age_transitions()
        self.driver.order_changed()
        self.driver.run_once()
        [first] = self.pool.of_kind(documents.EVENTS)
        self.assertEqual([('active', None), ('failed', 'server_lost')],
                         [(e['state'], e.get('close_reason'))
                          for e in first['events']])
        # A new engine (a new driver) does not send them again.
        restarted = pool_driver.PoolDriver()
        restarted.run_once()
        self.assertEqual(1, len(self.pool.of_kind(documents.EVENTS)))
        other = self.order(states.AWAITING_PAYMENT)
        self.move(other, states.EXPIRE)
        age_transitions()
        restarted.order_changed()
        restarted.run_once()
        second = self.pool.of_kind(documents.EVENTS)[1]
        self.assertEqual(['expired'], [e['state'] for e in second['events']
                                       if e['state'] != 'awaiting_payment'])
        self.assertGreater(second['sequence'], first['sequence'])

    def test_history_before_the_first_start_is_not_sent(self):
        order = self.order(states.AWAITING_PAYMENT)
        self.move(order, states.PAY)
        age_transitions()
        self.driver.run_once()
        self.assertEqual([], self.pool.of_kind(documents.EVENTS))

    def test_events_wait_while_the_pool_is_down_then_all_arrive(self):
        self.driver.run_once()
        order = self.order(states.AWAITING_PAYMENT)
        self.move(order, states.PAY)
        age_transitions()
        self.pool.down = 502
        self.driver.order_changed()
        self.driver.run_once()
        self.assertEqual(1, self.driver.events.failures)
        self.move(order, states.CANCEL)
        age_transitions()
        self.pool.down = None
        self.driver.events.next_at = 0
        self.driver.run_once()
        [events] = self.pool.of_kind(documents.EVENTS)
        self.assertEqual(['paid', 'cancelled'],
                         [e['state'] for e in events['events']])

    def test_events_sent_twice_are_taken_as_accepted(self):
        self.driver.run_once()
        order = self.order(states.AWAITING_PAYMENT)
        self.move(order, states.PAY)
        age_transitions()
        cursor = db_marketplace.cursor_get(pool_driver.EVENTS_CURSOR)
        self.driver.order_changed()
        self.driver.run_once()
        # The engine stopped before it recorded the cursor.
        db_marketplace.cursor_set(pool_driver.EVENTS_CURSOR, cursor)
        self.driver.order_changed()
        self.driver.run_once()
        self.assertEqual(1, len(self.pool.of_kind(documents.EVENTS)))
        self.assertIn('already has events', self.logs.output)
        self.assertNotEqual(cursor, db_marketplace.cursor_get(
            pool_driver.EVENTS_CURSOR))


class TestCursor(base.DbTestCase):

    def test_the_events_cursor_never_moves_back(self):
        db_marketplace.cursor_advance('events', 7)
        db_marketplace.cursor_advance('events', 5)
        self.assertEqual('7', db_marketplace.cursor_get('events'))
        db_marketplace.cursor_advance('events', 9)
        self.assertEqual('9', db_marketplace.cursor_get('events'))


class TestNeverBlocksTheEngine(PoolTestCase):

    on_disk = True

    def test_orders_move_while_the_pool_hangs(self):
        self.flags(timeout=30, group='pool')
        price()
        capacity(3)
        self.pool.hang.set()
        self.driver.start()
        self.addCleanup(self.driver.stop)
        utter_fixtures.wait_for(lambda: self.pool.requests, 10,
                                'the driver never called the pool')
        order = utter_fixtures.create_test_order(state=states.ACTIVE,
                                                 flavor_id='f1')
        started = time.monotonic()
        self.driver.offers_changed()
        self.driver.order_changed()
        transitions.move(order['id'], states.SUSPEND, 'test')
        transitions.move(order['id'], states.RESUME, 'test')
        self.assertLess(time.monotonic() - started, 2)
        self.assertEqual(states.ACTIVE, db_api.order_get(order['id'])[
            'state'])
        self.assertTrue(self.driver.status()['running'])
        self.pool.hang.clear()
        utter_fixtures.wait_for(
            lambda: self.pool.of_kind(documents.OFFERS), 10,
            'offers never arrived')
        stopping = threading.Thread(target=self.driver.stop)
        stopping.start()
        stopping.join(10)
        self.assertFalse(stopping.is_alive())


class TestStatus(PoolTestCase):

    def test_status_names_the_pool_and_the_channels(self):
        price()
        capacity(1)
        self.driver.run_once()
        status = self.driver.status()
        self.assertEqual('pool', status['driver'])
        self.assertEqual(self.pool.url, status['pool_url'])
        self.assertEqual(self.cloud, status['cloud'])
        self.assertEqual(0, status['offers']['failures'])
        self.assertFalse(status['running'])
        self.assertIsNotNone(timeutils.utcnow())
