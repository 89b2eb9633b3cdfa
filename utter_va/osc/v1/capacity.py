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

"""``openstack utter capacity show`` and ``openstack utter hypervisor list``.

Both read what the engine last stored (the API never asks Placement on a
request): sellable units per priced flavor, and the compute nodes behind
them.
"""

from osc_lib.command import command

from utter_va.i18n import _
from utter_va.osc.v1 import common

CAPACITY_FIELDS = (
    ('flavor_id', 'Flavor ID'),
    ('flavor_name', 'Flavor Name'),
    ('fit_units', 'Fit Units'),
    ('held_units', 'Held Units'),
    ('sellable_units', 'Sellable Units'),
)
CAPACITY_LONG_FIELDS = CAPACITY_FIELDS + (('computed_at', 'Computed At'),)

HYPERVISOR_FIELDS = (
    ('name', 'Name'),
    ('uuid', 'UUID'),
    ('up', 'Up'),
    ('disabled', 'Disabled'),
    ('cpu_load_percent', 'CPU Load (%)'),
    ('VCPU', 'vCPUs Used/Capacity'),
    ('MEMORY_MB', 'RAM (MB) Used/Capacity'),
    ('DISK_GB', 'Disk (GB) Used/Capacity'),
)
HYPERVISOR_LONG_FIELDS = HYPERVISOR_FIELDS + (
    ('generation', 'Generation'),
    ('synced_at', 'Synced At'),
    ('inventories', 'Inventories'),
)


def usage(inventory):
    """``used/capacity`` of one resource class, as Placement counts it."""
    if not inventory:
        return ''
    capacity = int((inventory['total'] - inventory['reserved'])
                   * inventory['allocation_ratio'])
    return '%s/%s' % (inventory['used'], capacity)


class ShowCapacity(command.Lister):
    """Show the sellable units of each priced flavor."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.description = _(
            'Show the sellable units of each priced flavor: how many fit '
            'on the enabled hosts, how many are held by unpaid or booting '
            'orders, and how many are left to sell.')
        common.add_long_option(parser)
        return parser

    def take_action(self, parsed_args):
        api = common.client(self.app)
        flavors = api.capacity_get()['flavors']
        if any('flavor_name' not in row for row in flavors):
            names = {p['flavor_id']: p.get('flavor_name')
                     for p in api.price_list()}
            flavors = [dict(row, flavor_name=row.get(
                'flavor_name', names.get(row['flavor_id'])))
                for row in flavors]
        fields = CAPACITY_LONG_FIELDS if parsed_args.long else CAPACITY_FIELDS
        return common.listing(flavors, fields)


class ListHypervisors(command.Lister):
    """List the compute nodes utter-va sells from, as it last saw them."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        common.add_long_option(parser)
        return parser

    def take_action(self, parsed_args):
        hosts = []
        for host in common.client(self.app).hypervisor_list():
            row = dict(host)
            for resource_class, inventory in (
                    host.get('inventories') or {}).items():
                row.setdefault(resource_class, usage(inventory))
            hosts.append(row)
        fields = (HYPERVISOR_LONG_FIELDS if parsed_args.long
                  else HYPERVISOR_FIELDS)
        return common.listing(hosts, fields)
