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

"""``openstack utter offer ...``: what buyers are offered right now."""

from osc_lib.command import command

from utter_va.i18n import _
from utter_va.osc.v1 import common

OFFER_FIELDS = (
    ('flavor_id', 'Flavor ID'),
    ('flavor_name', 'Flavor Name'),
    ('vcpus', 'vCPUs'),
    ('ram_mb', 'RAM (MB)'),
    ('disk_gb', 'Disk (GB)'),
    ('images', 'Images'),
    ('sats_per_hour', 'Sats per Hour'),
    ('units_available', 'Units Available'),
)


class ListOffers(command.Lister):
    """List the offers buyers see: priced flavors with units to sell."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.description = _('List the offers buyers see: each priced, '
                               'enabled flavor with its images, current '
                               'price and units available.')
        return parser

    def take_action(self, parsed_args):
        return common.listing(common.client(self.app).offer_list(),
                              OFFER_FIELDS)
