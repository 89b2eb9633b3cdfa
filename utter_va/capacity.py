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

"""How many instances of a flavor fit: Placement's rules, in plain Python.

Placement accepts an allocation of ``amount`` of a resource class on a
provider when ``min_unit <= amount <= max_unit``, ``amount`` is a multiple
of ``step_size``, and ``used + amount <= (total - reserved) *
allocation_ratio``. So, per provider, a flavor fits ``free // amount`` times
for each class it needs, and the provider holds the smallest of those. A
provider whose compute service is disabled or down holds nothing.

Everything here is pure: the engine feeds it rows from the database.
"""

import collections

VCPU = 'VCPU'
MEMORY_MB = 'MEMORY_MB'
DISK_GB = 'DISK_GB'
RESOURCE_CLASSES = (VCPU, MEMORY_MB, DISK_GB)

#: Placement's view of one resource class of one provider.
Inventory = collections.namedtuple(
    'Inventory', ['total', 'reserved', 'min_unit', 'max_unit', 'step_size',
                  'allocation_ratio', 'used'])

#: What one instance of a flavor asks of each resource class.
Request = collections.namedtuple('Request', ['vcpus', 'memory_mb',
                                             'disk_gb'])


def flavor_request(vcpus, ram_mb, disk_gb, ephemeral_gb=0):
    """Return the Request of a flavor (root plus ephemeral disk)."""
    return Request(vcpus, ram_mb, disk_gb + ephemeral_gb)


def request_amounts(request):
    return {VCPU: request.vcpus, MEMORY_MB: request.memory_mb,
            DISK_GB: request.disk_gb}


def free_amount(inventory):
    """What is still free of one inventory, as Placement counts it."""
    capacity = int((inventory.total - inventory.reserved) *
                   inventory.allocation_ratio)
    return max(0, capacity - inventory.used)


def units_of_class(inventory, amount):
    """How many allocations of ``amount`` one inventory still accepts."""
    if amount <= 0:
        return None
    if inventory is None:
        return 0
    if (amount < inventory.min_unit or amount > inventory.max_unit or
            amount % inventory.step_size):
        return 0
    return free_amount(inventory) // amount


def units_on_provider(inventories, request, sellable=True):
    """How many instances of ``request`` fit in a provider's inventories.

    ``inventories`` maps resource classes to Inventory. A request that asks
    nothing of any class is refused (0): it would be infinite.
    """
    if not sellable:
        return 0
    best = None
    for resource_class, amount in request_amounts(request).items():
        units = units_of_class(inventories.get(resource_class), amount)
        if units is None:
            continue
        best = units if best is None else min(best, units)
    return best or 0


def sellable_units(fit_units, held_units, max_units=None):
    """Units the operator can still sell: what fits, minus what is held."""
    units = max(0, fit_units - held_units)
    if max_units is not None:
        units = min(units, max_units)
    return units
