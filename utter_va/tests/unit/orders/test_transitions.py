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

"""The transition table, and the one way an order is created and moved."""

import uuid

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception
from utter_va.orders import states
from utter_va.orders import transitions
from utter_va.tests import base
from utter_va.tests import fixtures


def order_values(**overrides):
    values = {
        'id': str(uuid.uuid4()),
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
        order = transitions.create(order_values(), cause='order placed')
        log = db_api.order_transitions(order['id'])
        self.assertEqual(1, len(log))
        self.assertIsNone(log[0]['from_state'])
        self.assertEqual('awaiting_payment', log[0]['to_state'])
        self.assertEqual('order placed', log[0]['cause'])

    def test_create_ignores_a_given_state(self):
        order = transitions.create(order_values(state='active'),
                                   cause='placed')
        self.assertEqual('awaiting_payment', order['state'])

    def test_transition_compare_and_set(self):
        order = transitions.create(order_values(), cause='placed')
        moved = transitions.move(
            order['id'], states.PAY, cause='payment',
            values={'paid_msat': 5000})
        self.assertEqual('paid', moved['state'])
        self.assertEqual(5000, moved['paid_msat'])
        # The same transition again finds the order no longer awaiting
        # payment: a duplicate never acts twice.
        exc = self.assertRaises(
            exception.InvalidStateTransition, transitions.move,
            order['id'], states.PAY, cause='payment')
        self.assertEqual(409, exc.code)
        self.assertIn('paid', str(exc))
        log = db_api.order_transitions(order['id'])
        self.assertEqual([None, 'awaiting_payment'],
                         [e['from_state'] for e in log])

    def test_transition_from_one_of_several_states(self):
        order = fixtures.create_test_order(**order_values(state='active'))
        moved = transitions.move(order['id'], states.CANCEL,
                                 cause='cancelled by operator',
                                 actor='op')
        self.assertEqual('cancelled', moved['state'])
        last = db_api.order_transitions(order['id'])[-1]
        self.assertEqual('active', last['from_state'])
        self.assertEqual('op', last['actor'])

    def test_transition_of_missing_order(self):
        self.assertRaises(exception.OrderNotFound, transitions.move,
                          'nope', states.BOOT, cause='x')


class TestTransitionTable(base.DbTestCase):
    """Every (state, event) pair, allowed or not, through transition()."""

    def _order_in(self, state):
        return fixtures.create_test_order(state=state)['id']

    def _row(self, order_id):
        with db_api.reader() as session:
            order = session.get(models.Order, order_id)
            return order.state, order.updated_at

    def test_every_pair_outside_the_table_is_refused_and_writes_nothing(self):
        refused = 0
        for state in states.ALL:
            for event in states.EVENTS:
                if (state, event) in states.TRANSITIONS:
                    continue
                order_id = self._order_in(state)
                before = self._row(order_id)
                log = db_api.order_transitions(order_id)
                with db_api.writer() as session:
                    order = transitions.lock(session, order_id)
                    self.assertRaises(exception.InvalidStateTransition,
                                      transitions.transition, session,
                                      order, event, 'test')
                self.assertEqual(before, self._row(order_id),
                                 '%s by %s changed the order' % (state,
                                                                 event))
                self.assertEqual(log, db_api.order_transitions(order_id))
                refused += 1
        self.assertEqual(len(states.ALL) * len(states.EVENTS) -
                         len(states.TRANSITIONS), refused)

    def test_every_pair_in_the_table_moves_and_logs(self):
        for (state, event), target in states.TRANSITIONS.items():
            order_id = self._order_in(state)
            with db_api.writer() as session:
                order = transitions.lock(session, order_id)
                transitions.transition(session, order, event, 'why',
                                       actor='someone', detail='more')
            self.assertEqual(target, self._row(order_id)[0])
            last = db_api.order_transitions(order_id)[-1]
            self.assertEqual((state, target, 'why', 'someone', 'more'),
                             (last['from_state'], last['to_state'],
                              last['cause'], last['actor'], last['detail']))

    def test_closed_states_are_final(self):
        for (state, _event) in states.TRANSITIONS:
            self.assertNotIn(state, states.CLOSED)

    def test_every_live_state_can_close_and_every_state_is_reached(self):
        targets = set(states.TRANSITIONS.values()) | {states.INITIAL}
        self.assertEqual(set(states.ALL), targets)
        for state in states.LIVE:
            self.assertEqual(states.CANCELLED,
                             states.TRANSITIONS[(state, states.CANCEL)])
