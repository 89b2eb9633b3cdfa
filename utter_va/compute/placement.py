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
