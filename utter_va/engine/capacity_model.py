"""The engine's live model of sellable capacity.

It reads Placement (inventories, usages) and Nova (compute services) into
the database, and recomputes the sellable units of every priced flavor from
what the database holds. A full sync reads every provider; a refresh reads
only the providers a notification concerned.
"""

import threading

from oslo_log import log
from oslo_utils import timeutils

from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.engine import capacity

LOG = log.getLogger(__name__)


def compute_rows(providers, prices, held):
    """Return the sellable table for ``prices`` (pure; used by recompute).

    ``providers`` are dicts with ``inventories``, ``service_disabled`` and
    ``service_up``; ``held`` maps flavor ids to units held by orders.
    """
    rows = []
    usable = [(p['inventories'], not p['service_disabled'] and
               p['service_up']) for p in providers]
    for price in prices:
        request = capacity.flavor_request(price['vcpus'], price['ram_mb'],
                                          price['disk_gb'])
        fit = sum(capacity.units_on_provider(inventories, request, sellable)
                  for inventories, sellable in usable)
        held_units = held.get(price['flavor_id'], 0)
        max_units = price['max_units'] if price['enabled'] else 0
        rows.append({'flavor_id': price['flavor_id'], 'fit_units': fit,
                     'held_units': held_units,
                     'sellable_units': capacity.sellable_units(
                         fit, held_units, max_units)})
    return rows


class CapacityModel:
    """Keeps the capacity tables in step with Placement and Nova."""

    def __init__(self, placement, nova):
        self.placement = placement
        self.nova = nova
        self._lock = threading.Lock()

    def recompute(self):
        """Recompute the sellable table from the database."""
        rows = compute_rows(db_capacity.provider_list(),
                            db_prices.price_list(),
                            db_capacity.held_units())
        db_capacity.flavor_capacity_store(rows)
        return rows

    def full_sync(self):
        """Read every provider and compute service, then recompute."""
        with self._lock:
            providers = self.placement.providers()
            for provider in providers:
                self._read_provider(provider['uuid'], provider['name'])
            forgotten = db_capacity.provider_forget_missing(
                [p['uuid'] for p in providers])
            if forgotten:
                LOG.info('Forgot %d providers gone from Placement',
                         forgotten)
            for service in self.nova.compute_services():
                # NOTE: Nova's API has no per-service timestamp we can
                # trust against notifications; a full sync is "now".
                db_capacity.provider_set_service_state(
                    service['host'], service['disabled'], service['up'],
                    timeutils.utcnow())
            rows = self.recompute()
        LOG.info('Full capacity sync: %d providers, %d priced flavors',
                 len(providers), len(rows))
        return rows

    def refresh(self, names):
        """Re-read the providers named ``names`` only, then recompute."""
        with self._lock:
            wanted = set(names)
            for provider in self.placement.providers():
                if provider['name'] in wanted:
                    self._read_provider(provider['uuid'], provider['name'])
            return self.recompute()

    def _read_provider(self, uuid, name):
        generation, inventories = self.placement.provider_state(uuid)
        if not db_capacity.provider_update_from_placement(
                uuid, name, generation, inventories):
            LOG.debug('Ignored stale Placement data of %s (generation %d)',
                      name, generation)
