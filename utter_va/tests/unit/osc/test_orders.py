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

"""``openstack utter order ...`` and ``payment list``."""

from osc_lib import exceptions

from utter_va.osc.v1 import order_columns
from utter_va.osc.v1 import orders
from utter_va.osc.v1 import payments
from utter_va.tests.unit.osc import fakes

ORDER = {'id': 'o-1', 'state': 'active', 'close_reason': None,
         'flavor': 'm1.small', 'flavor_id': 'f-1', 'image': 'cirros',
         'sats_per_hour': 2000, 'paid_sats': 4000,
         'paid_until': '2025-01-01T02:00:00Z', 'server_id': 's-1',
         'client_network': '127.0.0.0/24',
         'created_at': '2025-01-01T00:00:00Z',
         'updated_at': '2025-01-01T00:01:00Z'}
NEXT = 'http://utter.test:9870/v1/orders?limit=1&marker=o-1&state=active'


class TestListOrders(fakes.CommandTestCase):

    def test_list(self):
        self.api.register('GET', '/v1/orders', {'orders': [ORDER]})
        columns, rows = self.run_command(orders.ListOrders, [])
        self.assertEqual([('GET', '/v1/orders')], self.api.calls())
        self.assertEqual(('ID', 'State', 'Flavor', 'Image', 'Sats per Hour',
                          'Paid Until', 'Created At'), columns)
        self.assertEqual([('o-1', 'active', 'm1.small', 'cirros', 2000,
                           '2025-01-01T02:00:00Z',
                           '2025-01-01T00:00:00Z')], rows)

    def test_long(self):
        self.api.register('GET', '/v1/orders', {'orders': [ORDER]})
        columns, rows = self.run_command(orders.ListOrders, ['--long'])
        self.assertEqual(('Flavor ID', 'Paid (sats)', 'Server ID',
                          'Client Network', 'Close Reason', 'Updated At'),
                         columns[7:])
        self.assertEqual(('f-1', 4000, 's-1', '127.0.0.0/24', None,
                          '2025-01-01T00:01:00Z'), rows[0][7:])

    def test_filters_and_one_page(self):
        self.api.register('GET', '/v1/orders',
                          {'orders': [ORDER], 'next': NEXT})
        _columns, rows = self.run_command(orders.ListOrders, [
            '--state', 'active', '--flavor', 'm1.small', '--limit', '1',
            '--marker', 'o-0'])
        self.assertEqual(
            [('GET', '/v1/orders?state=active&flavor=m1.small&limit=1'
              '&marker=o-0')], self.api.calls())
        self.assertEqual(1, len(rows))

    def test_follows_next_without_limit(self):
        class Pages(fakes.FakeAPI):
            def send(self, request, **kwargs):
                page = ({'orders': [ORDER], 'next': NEXT}
                        if 'marker' not in request.url
                        else {'orders': [dict(ORDER, id='o-2')]})
                self.register('GET', '/v1/orders', page)
                return super().send(request, **kwargs)
        self.api = Pages()
        self.app = fakes.FakeApp(fakes.make_client(self.api))
        _columns, rows = self.run_command(orders.ListOrders, [])
        self.assertEqual(['o-1', 'o-2'], [row[0] for row in rows])
        self.assertEqual([('GET', '/v1/orders'),
                          ('GET', '/v1/orders?marker=o-1')],
                         self.api.calls())

    def test_parser_refuses(self):
        for argv in (['--state', 'happy'], ['--limit', 'ten']):
            self.assertRaises(fakes.ParserError, self.parse,
                              orders.ListOrders, argv)
        self.assertRaises(exceptions.CommandError, self.run_command,
                          orders.ListOrders, ['--limit', '0'])

    def test_next_marker(self):
        self.assertIsNone(orders.next_marker(None))
        self.assertEqual('o-1', orders.next_marker(NEXT))
        self.assertEqual('o-9', orders.next_marker('o-9'))


class TestShowOrder(fakes.CommandTestCase):

    def test_show(self):
        transitions = [
            {'from_state': None, 'to_state': 'awaiting_payment',
             'cause': 'placed by a buyer', 'detail': None, 'actor': None,
             'at': '2025-01-01T00:00:00Z'},
            {'from_state': 'awaiting_payment', 'to_state': 'cancelled',
             'cause': 'cancelled by the operator', 'detail': None,
             'actor': 'admin-id', 'at': '2025-01-01T00:05:00Z'}]
        order = dict(ORDER, server={'status': None, 'addresses': {}},
                     payment_requests=[{'amount_sats': 2000}],
                     transitions=transitions, refunds=[])
        self.api.register('GET', '/v1/orders/o-1', order)
        columns, values = self.run_command(orders.ShowOrder, ['o-1'])
        self.assertEqual([('GET', '/v1/orders/o-1')], self.api.calls())
        self.assertEqual(tuple(order), columns)
        shown = dict(zip(columns, values))
        self.assertEqual('active', shown['state'])
        self.assertIsInstance(shown['server'], order_columns.ServerColumn)
        self.assertEqual([{'amount_sats': 2000}],
                         shown['payment_requests'].machine_readable())
        self.assertEqual([], shown['refunds'].machine_readable())
        self.assertEqual(transitions,
                         shown['transitions'].machine_readable())
        self.assertEqual(
            '2025-01-01T00:00:00Z - -> awaiting_payment (placed by a '
            'buyer)\n2025-01-01T00:05:00Z awaiting_payment -> cancelled '
            '(cancelled by the operator) by admin-id',
            shown['transitions'].human_readable())

    def test_not_found(self):
        exc = self.assertRaises(exceptions.CommandError, self.run_command,
                                orders.ShowOrder, ['o-9'])
        self.assertIn('(HTTP 404)', str(exc))


class TestOrderActions(fakes.CommandTestCase):

    def test_cancel(self):
        self.api.register('POST', '/v1/orders/o-1/cancel', ORDER)
        self.assertIsNone(self.run_command(orders.CancelOrder, ['o-1']))
        self.assertEqual([('POST', '/v1/orders/o-1/cancel')],
                         self.api.calls())
        self.assertIsNone(self.api.body())

    def test_terminate_several_some_fail(self):
        self.api.register('POST', '/v1/orders/o-1/terminate', ORDER)
        self.api.register('POST', '/v1/orders/o-2/terminate', {'error': {
            'code': 409, 'title': 'Conflict',
            'message': 'Order o-2 is already closed.'}}, status=409)
        exc = self.assertRaises(exceptions.CommandError, self.run_command,
                                orders.TerminateOrder, ['o-1', 'o-2'])
        self.assertEqual('1 of 2 orders failed to terminate.', str(exc))
        self.assertEqual([('POST', '/v1/orders/o-1/terminate'),
                          ('POST', '/v1/orders/o-2/terminate')],
                         self.api.calls())

    def test_needs_an_order(self):
        self.assertRaises(fakes.ParserError, self.parse, orders.CancelOrder,
                          [])


class TestListPayments(fakes.CommandTestCase):

    ANSWER = {
        'payment_requests': [{'amount_sats': 4000}],
        'payments': [{'id': 7, 'driver': 'fake', 'money_key': 'k-1',
                      'amount_msat': 4_000_500, 'status': 'confirmed',
                      'confirmations': 1, 'credited_msat': 4_000_000,
                      'credited_seconds': 7200,
                      'created_at': '2025-01-01T00:01:00Z',
                      'reversed_at': None}],
        'refunds': [{'id': 3, 'payment_id': 7, 'amount_msat': 500,
                     'amount_sats': 0, 'reason': 'overpaid',
                     'status': 'owed', 'created_at': '2025-01-01T00:01:00Z',
                     'settled_at': None}],
    }

    def test_list(self):
        self.api.register('GET', '/v1/orders/o-1/payments', self.ANSWER)
        columns, rows = self.run_command(payments.ListPayments, ['o-1'])
        self.assertEqual([('GET', '/v1/orders/o-1/payments')],
                         self.api.calls())
        self.assertEqual(('Kind', 'ID', 'Amount (sats)', 'Status',
                          'Credited (sats)', 'Reason', 'Created At'),
                         columns)
        self.assertEqual([
            ('payment', 7, 4000.5, 'confirmed', 4000, None,
             '2025-01-01T00:01:00Z'),
            ('refund', 3, 0.5, 'owed', None, 'overpaid',
             '2025-01-01T00:01:00Z')], rows)

    def test_long(self):
        self.api.register('GET', '/v1/orders/o-1/payments', self.ANSWER)
        columns, rows = self.run_command(payments.ListPayments,
                                         ['o-1', '--long'])
        self.assertEqual(('Driver', 'Money Key', 'Confirmations',
                          'Credited Seconds'), columns[-4:])
        self.assertEqual(('fake', 'k-1', 1, 7200), rows[0][-4:])

    def test_no_money_yet(self):
        self.api.register('GET', '/v1/orders/o-1/payments',
                          {'payments': [], 'refunds': []})
        self.assertEqual([], self.run_command(payments.ListPayments,
                                              ['o-1'])[1])
