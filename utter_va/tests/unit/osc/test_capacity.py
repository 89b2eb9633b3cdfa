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

"""``openstack utter capacity show`` and ``hypervisor list``."""

from utter_va.osc.v1 import capacity
from utter_va.tests.unit.osc import fakes

INVENTORY = {'total': 8, 'reserved': 0, 'min_unit': 1, 'max_unit': 8,
             'step_size': 1, 'allocation_ratio': 2.0, 'used': 3}
HOST = {'name': 'node-1', 'uuid': 'rp-1', 'generation': 5,
        'disabled': False, 'up': True, 'cpu_load_percent': 12.5,
        'inventories': {'VCPU': INVENTORY,
                        'MEMORY_MB': dict(INVENTORY, total=4096,
                                          reserved=512, allocation_ratio=1.0,
                                          used=1024)},
        'synced_at': '2025-01-01T00:00:00Z'}
FLAVOR_ROW = {'flavor_id': 'f-1', 'fit_units': 5, 'held_units': 1,
              'sellable_units': 4, 'computed_at': '2025-01-01T00:00:00Z'}


class TestShowCapacity(fakes.CommandTestCase):

    def setUp(self):
        super().setUp()
        self.api.register('GET', '/v1/capacity',
                          {'flavors': [FLAVOR_ROW], 'hosts': [HOST]})
        self.api.register('GET', '/v1/prices', {'prices': [
            {'flavor_id': 'f-1', 'flavor_name': 'm1.small'}]})

    def test_show(self):
        columns, rows = self.run_command(capacity.ShowCapacity, [])
        self.assertEqual(('Flavor ID', 'Flavor Name', 'Fit Units',
                          'Held Units', 'Sellable Units'), columns)
        self.assertEqual([('f-1', 'm1.small', 5, 1, 4)], rows)
        self.assertEqual([('GET', '/v1/capacity'), ('GET', '/v1/prices')],
                         self.api.calls())

    def test_long(self):
        columns, rows = self.run_command(capacity.ShowCapacity, ['--long'])
        self.assertEqual('Computed At', columns[-1])
        self.assertEqual('2025-01-01T00:00:00Z', rows[0][-1])

    def test_names_from_the_api_need_no_price_list(self):
        self.api.register('GET', '/v1/capacity', {'flavors': [
            dict(FLAVOR_ROW, flavor_name='m1.named')], 'hosts': []})
        _columns, rows = self.run_command(capacity.ShowCapacity, [])
        self.assertEqual('m1.named', rows[0][1])
        self.assertEqual([('GET', '/v1/capacity')], self.api.calls())


class TestListHypervisors(fakes.CommandTestCase):

    def setUp(self):
        super().setUp()
        self.api.register('GET', '/v1/hypervisors', {'hypervisors': [HOST]})

    def test_list(self):
        columns, rows = self.run_command(capacity.ListHypervisors, [])
        self.assertEqual([('GET', '/v1/hypervisors')], self.api.calls())
        self.assertEqual(('Name', 'UUID', 'Up', 'Disabled', 'CPU Load (%)',
                          'vCPUs Used/Capacity', 'RAM (MB) Used/Capacity',
                          'Disk (GB) Used/Capacity'), columns)
        self.assertEqual([('node-1', 'rp-1', True, False, 12.5, '3/16',
                           '1024/3584', None)], rows)

    def test_long(self):
        columns, rows = self.run_command(capacity.ListHypervisors,
                                         ['--long'])
        self.assertEqual(('Generation', 'Synced At', 'Inventories'),
                         columns[-3:])
        self.assertEqual(HOST['inventories'],
                         rows[0][-1].machine_readable())

    def test_usage(self):
        self.assertEqual('', capacity.usage(None))
        self.assertEqual('3/16', capacity.usage(INVENTORY))
