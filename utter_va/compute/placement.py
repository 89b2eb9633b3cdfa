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

"""Placement: resource providers, their inventories and usages."""

from utter_va import capacity
from utter_va.compute import clients
from utter_va.compute import errors

MICROVERSION = '1.14'


class PlacementClient:
    """Reads what the engine needs from Placement."""

    def __init__(self, adapter=None):
        self.adapter = adapter or clients.adapter(
            'placement', default_microversion=MICROVERSION)

    def _get(self, url):
        return self.adapter.get(url, raise_exc=True).json()

    @errors.translate('Placement')
    def providers(self):
        """Return [{'uuid', 'name', 'generation'}] of every provider."""
        return [{'uuid': rp['uuid'], 'name': rp['name'],
                 'generation': rp['generation']}
                for rp in self._get('/resource_providers')[
                    'resource_providers']]

    @errors.translate('Placement')
    def provider_state(self, uuid):
        """Return (generation, {resource class: Inventory}) of a provider.

        Inventories and usages are two reads; the smaller generation of the
        two is returned, so that a change between them is re-read later
        rather than trusted.
        """
        inventories = self._get('/resource_providers/%s/inventories' % uuid)
        usages = self._get('/resource_providers/%s/usages' % uuid)
        state = {}
        for resource_class in capacity.RESOURCE_CLASSES:
            inventory = inventories['inventories'].get(resource_class)
            if inventory is None:
                continue
            state[resource_class] = capacity.Inventory(
                total=inventory['total'], reserved=inventory['reserved'],
                min_unit=inventory['min_unit'],
                max_unit=inventory['max_unit'],
                step_size=inventory['step_size'],
                allocation_ratio=inventory['allocation_ratio'],
                used=usages['usages'].get(resource_class, 0))
        generation = min(inventories['resource_provider_generation'],
                         usages['resource_provider_generation'])
        return generation, state
