"""Tests of the database functions on sqlite."""

import uuid

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.tests import base


def order_values(**overrides):
    values = {
        'id': str(uuid.uuid4()),
        'state': 'awaiting_payment',
        'flavor_id': 'f1',
        'flavor_name': 'm1.small',
        'image': 'cirros',
        'price_msat_per_hour': 2_000_000,
        'token_hash': 'x' * 64,
    }
    values.update(overrides)
    return values


class TestOrderTransitions(base.DbTestCase):

    def test_create_logs_first_state(self):
        order = db_api.order_create(order_values(), cause='order placed')
        log = db_api.order_transitions(order['id'])
        self.assertEqual(1, len(log))
        self.assertIsNone(log[0]['from_state'])
        self.assertEqual('awaiting_payment', log[0]['to_state'])
        self.assertEqual('order placed', log[0]['cause'])

    def test_transition_compare_and_set(self):
        order = db_api.order_create(order_values(), cause='placed')
        moved = db_api.order_transition(
            order['id'], 'awaiting_payment', 'paid', cause='payment',
            values={'paid_msat': 5000})
        self.assertEqual('paid', moved['state'])
        self.assertEqual(5000, moved['paid_msat'])
        # The same transition again finds the order no longer awaiting
        # payment: a duplicate never acts twice.
        exc = self.assertRaises(
            exception.InvalidStateTransition, db_api.order_transition,
            order['id'], 'awaiting_payment', 'paid', cause='payment')
        self.assertEqual(409, exc.code)
        self.assertIn('paid', str(exc))
        log = db_api.order_transitions(order['id'])
        self.assertEqual([None, 'awaiting_payment'],
                         [e['from_state'] for e in log])

    def test_transition_from_one_of_several_states(self):
        order = db_api.order_create(order_values(state='active'),
                                    cause='test')
        moved = db_api.order_transition(
            order['id'], ('active', 'suspended'), 'cancelled',
            cause='cancelled by operator')
        self.assertEqual('cancelled', moved['state'])
        self.assertEqual('active',
                         db_api.order_transitions(order['id'])[-1][
                             'from_state'])

    def test_transition_of_missing_order(self):
        self.assertRaises(exception.OrderNotFound, db_api.order_transition,
                          'nope', 'paid', 'booting', cause='x')

    def test_get_missing_order(self):
        exc = self.assertRaises(exception.OrderNotFound, db_api.order_get,
                                'nope')
        self.assertEqual(404, exc.code)


class TestServices(base.DbTestCase):

    def test_heartbeat_creates_then_updates(self):
        first = db_api.service_heartbeat('node1', 'utter-va-engine', '1.0')
        second = db_api.service_heartbeat('node1', 'utter-va-engine', '1.1')
        self.assertEqual(first['id'], second['id'])
        self.assertEqual(first['started_at'], second['started_at'])
        self.assertGreaterEqual(second['last_seen_at'],
                                first['last_seen_at'])
        services = db_api.service_get_all(binary='utter-va-engine')
        self.assertEqual(1, len(services))
        self.assertEqual('1.1', services[0]['version'])
