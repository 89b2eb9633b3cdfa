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

"""The engine's live model of sellable capacity.

It reads Placement (inventories, usages) and Nova (compute services) into
the database, and recomputes the sellable units of every priced flavor from
what the database holds. A full sync reads every provider; a refresh reads
only the providers a notification concerned.

A row's ``held_units`` are what paid orders hold plus what unpaid ones are
counted as holding (:func:`utter_va.orders.sales.unpaid_counted`), for the
operator's view; pricing never reads them (it is given paid holds only,
:func:`utter_va.orders.sales.priced_capacity`).
"""

import collections
import threading

from oslo_log import log
from oslo_utils import timeutils

from utter_va import capacity
from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.orders import holds
from utter_va.orders import sales

LOG = log.getLogger(__name__)


def _provider_groups(providers):
    """Group sellable providers by what they have free and their limits.

    Returns (plain, constrained): ``plain`` counts providers whose three
    inventories accept any amount up to what is free (min_unit 1, step 1,
    max_unit at least the total), keyed by their free (VCPU, MEMORY_MB,
    DISK_GB); ``constrained`` lists the others with their inventories.
    Identical providers (the common case in a real cloud) are counted
    once.
    """
    plain = collections.Counter()
    constrained = []
    for provider in providers:
        if provider['service_disabled'] or not provider['service_up']:
            continue
        inventories = provider['inventories']
        if all(c in inventories and inventories[c].min_unit == 1 and
               inventories[c].step_size == 1 and
               inventories[c].max_unit >= inventories[c].total
               for c in capacity.RESOURCE_CLASSES):
            plain[tuple(capacity.free_amount(inventories[c])
                        for c in capacity.RESOURCE_CLASSES)] += 1
        else:
            constrained.append(inventories)
    return list(plain.items()), constrained


def _fit_units(request, plain, constrained):
    vcpus, ram, disk = request
    if not (vcpus or ram or disk):
        return 0
    # NOTE: a class the flavor does not ask for must not limit it; a
    # divisor of 1 with a free amount that large keeps min() honest.
    big = 1 << 62
    vcpus_d, ram_d, disk_d = vcpus or 1, ram or 1, disk or 1
    units = sum(min(fv // vcpus_d if vcpus else big,
                    fr // ram_d if ram else big,
                    fd // disk_d if disk else big) * count
                for (fv, fr, fd), count in plain)
    units += sum(capacity.units_on_provider(inventories, request)
                 for inventories in constrained)
    return units


def compute_rows(providers, prices, held):
    """Return the sellable table for ``prices`` (pure; used by recompute).

    ``providers`` are dicts with ``inventories``, ``service_disabled`` and
    ``service_up``; ``held`` maps flavor ids to their
    :class:`utter_va.orders.holds.Holds`.
    """
    plain, constrained = _provider_groups(providers)
    rows = []
    for price in prices:
        request = capacity.flavor_request(price['vcpus'], price['ram_mb'],
                                          price['disk_gb'])
        fit = _fit_units(request, plain, constrained)
        max_units = price['max_units'] if price['enabled'] else 0
        flavor_holds = held.get(price['flavor_id'], holds.NONE)
        free = capacity.sellable_units(fit, flavor_holds.paid, max_units)
        held_units = flavor_holds.paid + sales.unpaid_counted(
            free, flavor_holds)
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
                            holds.holds_of_flavors())
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
