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

"""The nested parts of an order, in a table and in JSON."""

from utter_va.osc.v1 import order_columns
from utter_va.osc.v1 import orders
from utter_va.tests import base


class TestOrderColumns(base.TestCase):

    def test_payment_requests(self):
        requests = [{'status': 'pending', 'amount_sats': 5000,
                     'received_sats': 0, 'address': 'bcrt1qfake',
                     'invoice': None, 'expires_at': '2025-01-01T00:15:00Z'},
                    {'status': 'paid', 'amount_sats': 10, 'received_sats': 10,
                     'address': None, 'invoice': 'lnbcrt1',
                     'expires_at': '2025-01-01T01:00:00Z'}]
        column = order_columns.PaymentRequestsColumn(requests)
        self.assertEqual(
            'pending 5000 sats (0 received) to bcrt1qfake until '
            '2025-01-01T00:15:00Z\npaid 10 sats (10 received) to lnbcrt1 '
            'until 2025-01-01T01:00:00Z', column.human_readable())
        self.assertEqual(requests, column.machine_readable())

    def test_refunds(self):
        column = order_columns.RefundsColumn([
            {'status': 'owed', 'amount_sats': 2000,
             'reason': 'paid to a closed order'}])
        self.assertEqual('owed 2000 sats: paid to a closed order',
                         column.human_readable())
        self.assertEqual('', order_columns.RefundsColumn([]).human_readable())

    def test_server(self):
        server = {'status': 'ACTIVE', 'addresses': {
            'public': [{'addr': '192.0.2.5', 'version': 4},
                       {'addr': '2001:db8::5', 'version': 6}],
            'private': ['10.0.0.5']}}
        column = order_columns.ServerColumn(server)
        self.assertEqual('ACTIVE private=10.0.0.5; public=192.0.2.5, '
                         '2001:db8::5', column.human_readable())
        self.assertEqual(server, column.machine_readable())
        self.assertEqual('-', order_columns.ServerColumn(
            {'status': None, 'addresses': {}}).human_readable())

    def test_show_order_uses_them(self):
        self.assertEqual(
            {'transitions', 'payment_requests', 'refunds', 'server'},
            set(orders.SHOW_FORMATTERS))
