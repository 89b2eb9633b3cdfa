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

"""The ML2 mechanism driver of tools/minicloud: binds ports with no agent.

Installed by tools/minicloud into the minicloud virtualenv as the module
``minicloud_ml2`` with the entry point ``minicloud`` of
``neutron.ml2.mechanism_drivers`` (ML2 loads its drivers by entry point
only), and selected with ``mechanism_drivers = minicloud``.

neutron-server alone, with no mechanism driver, fails every binding: Nova
then puts the server in ERROR. This driver binds every port of a normal
VNIC type on a ``local`` or ``flat`` segment, on any host, with VIF type
``other`` (which Nova's fake virt driver plugs virtually) and marks the
port ACTIVE, as an agent would once it wired the port. Security groups,
port security, routers and floating IPs stay Neutron's own: their API and
database work as on any cloud; nothing enforces them on a wire, since
there is none.
"""

from neutron_lib.api.definitions import portbindings
from neutron_lib import constants
from neutron_lib.plugins.ml2 import api

BOUND_TYPES = ('local', 'flat')


class MinicloudMechanismDriver(api.MechanismDriver):
    """Bind every normal port of a local or flat segment, on any host."""

    def initialize(self):
        pass

    def bind_port(self, context):
        if context.current.get(portbindings.VNIC_TYPE,
                               portbindings.VNIC_NORMAL) != \
                portbindings.VNIC_NORMAL:
            return
        for segment in context.segments_to_bind:
            if segment[api.NETWORK_TYPE] in BOUND_TYPES:
                context.set_binding(
                    segment[api.ID], portbindings.VIF_TYPE_OTHER,
                    {portbindings.CAP_PORT_FILTER: True},
                    status=constants.PORT_STATUS_ACTIVE)
                return
