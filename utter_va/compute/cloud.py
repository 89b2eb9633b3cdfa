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

"""The cloud services utter-va acts through, built on first use.

:func:`get` returns the one :class:`Cloud` of the process, which the API's
threads and the engine share; its clients are built once, when first
needed.
"""

from utter_va.common import singletons
from utter_va.compute import glance
from utter_va.compute import neutron
from utter_va.compute import nova

_CLOUD = singletons.Singletons()


class Cloud:
    """Nova, Glance and Neutron clients, each created when first needed."""

    def __init__(self, nova_client=None, glance_client=None,
                 neutron_client=None):
        self._clients = singletons.Singletons()
        given = {'nova': nova_client, 'glance': glance_client,
                 'neutron': neutron_client}
        for name, client in given.items():
            if client is not None:
                self._clients.get(name, lambda client=client: client)

    @property
    def nova(self):
        """The :class:`utter_va.compute.nova.NovaClient`."""
        return self._clients.get('nova', nova.NovaClient)

    @property
    def glance(self):
        """The :class:`utter_va.compute.glance.GlanceClient`."""
        return self._clients.get('glance', glance.GlanceClient)

    @property
    def neutron(self):
        """The :class:`utter_va.compute.neutron.NeutronClient`."""
        return self._clients.get('neutron', neutron.NeutronClient)


def get():
    """The Cloud of this process."""
    return _CLOUD.get('cloud', Cloud)


def reset():
    """Forget the process's Cloud (after a fork, and in tests)."""
    _CLOUD.reset()
