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

"""Table-driven tests of the fit arithmetic."""

from utter_va import capacity
from utter_va.tests import base


def inv(total, used=0, reserved=0, ratio=1.0, min_unit=1, max_unit=None,
        step=1):
    return capacity.Inventory(total=total, reserved=reserved,
                              min_unit=min_unit,
                              max_unit=max_unit if max_unit else total,
                              step_size=step, allocation_ratio=ratio,
                              used=used)


SMALL = capacity.flavor_request(vcpus=1, ram_mb=2048, disk_gb=20)
HOST = {'VCPU': inv(8), 'MEMORY_MB': inv(16384), 'DISK_GB': inv(200)}


class TestUnitsOnProvider(base.TestCase):

    CASES = [
        # (name, inventories, request, sellable, expected)
        ('memory bound', HOST, SMALL, True, 8),
        ('cpu overcommit does not lift the memory bound',
         dict(HOST, VCPU=inv(8, ratio=16.0)), SMALL, True, 8),
        ('cpu bound without overcommit',
         dict(HOST, MEMORY_MB=inv(65536), DISK_GB=inv(1000)), SMALL, True,
         8),
        ('cpu overcommit',
         dict(HOST, VCPU=inv(2, ratio=4.0), MEMORY_MB=inv(65536),
              DISK_GB=inv(1000)), SMALL, True, 8),
        ('fractional ratio rounds down',
         dict(HOST, MEMORY_MB=inv(16384, ratio=1.5)), SMALL, True, 8),
        ('reserved memory', dict(HOST, MEMORY_MB=inv(16384, reserved=512)),
         SMALL, True, 7),
        ('usage counts', dict(HOST, MEMORY_MB=inv(16384, used=14336)),
         SMALL, True, 1),
        ('zero free', dict(HOST, MEMORY_MB=inv(16384, used=16384)), SMALL,
         True, 0),
        ('overused (ratio lowered after allocation)',
         dict(HOST, VCPU=inv(8, used=20)), SMALL, True, 0),
        ('max_unit below the request',
         dict(HOST, MEMORY_MB=inv(16384, max_unit=1024)), SMALL, True, 0),
        ('min_unit above the request',
         dict(HOST, VCPU=inv(8, min_unit=2)), SMALL, True, 0),
        ('step_size does not divide the request',
         dict(HOST, MEMORY_MB=inv(16384, step=1536)), SMALL, True, 0),
        ('step_size divides the request',
         dict(HOST, MEMORY_MB=inv(16384, step=1024)), SMALL, True, 8),
        ('disabled host', HOST, SMALL, False, 0),
        ('missing resource class', {'VCPU': inv(8), 'MEMORY_MB': inv(16384)},
         SMALL, True, 0),
        ('disk-less flavor (boot from volume)',
         {'VCPU': inv(8), 'MEMORY_MB': inv(16384)},
         capacity.flavor_request(1, 2048, 0), True, 8),
        ('empty request fits nowhere', HOST,
         capacity.flavor_request(0, 0, 0), True, 0),
        ('ephemeral disk counts', HOST,
         capacity.flavor_request(1, 512, 20, ephemeral_gb=30), True, 4),
    ]

    def test_cases(self):
        for name, inventories, request, sellable, expected in self.CASES:
            self.assertEqual(
                expected,
                capacity.units_on_provider(inventories, request, sellable),
                name)


class TestSellableUnits(base.TestCase):

    CASES = [
        ((10, 0, None), 10),
        ((10, 3, None), 7),
        ((10, 12, None), 0),
        ((10, 3, 5), 5),
        ((10, 8, 5), 2),
        ((0, 0, 5), 0),
    ]

    def test_cases(self):
        for args, expected in self.CASES:
            self.assertEqual(expected, capacity.sellable_units(*args), args)
