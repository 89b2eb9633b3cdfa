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

"""The capacity model in the database: providers, inventories, sellable
units per flavor.

Writers refuse stale data: a Placement read with an older generation than
the one stored, or a notification older than the last one applied, changes
nothing, so a replayed or reordered event never rolls the model back.
"""

import collections

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va import capacity
from utter_va.db import api as db_api
from utter_va.db import models


def _provider(session, **filters):
    return session.scalars(sa.select(models.ResourceProvider).filter_by(
        **filters).with_for_update()).one_or_none()


def provider_update_from_placement(uuid, name, generation, inventories,
                                   context=None):
    """Store a provider's inventories and usages; True if it changed.

    ``inventories`` maps resource classes to capacity.Inventory. A
    generation older than the stored one is ignored.
    """
    now = timeutils.utcnow()
    with db_api.writer(context) as s:
        provider = _provider(s, uuid=uuid)
        if provider is None:
            provider = models.ResourceProvider(uuid=uuid, name=name,
                                               service_host=name,
                                               generation=-1)
            s.add(provider)
        if generation < provider.generation:
            return False
        provider.name = name
        provider.generation = generation
        provider.synced_at = now
        existing = {i.resource_class: i for i in provider.inventories}
        for resource_class, inventory in inventories.items():
            row = existing.pop(resource_class, None)
            if row is None:
                row = models.ProviderInventory(resource_class=resource_class)
                provider.inventories.append(row)
            for field in capacity.Inventory._fields:
                setattr(row, field, getattr(inventory, field))
        for row in existing.values():
            provider.inventories.remove(row)
        return True


def provider_forget_missing(known_uuids, context=None):
    """Delete the providers Placement no longer has; return how many."""
    with db_api.writer(context) as s:
        stale = s.scalars(sa.select(models.ResourceProvider).where(
            models.ResourceProvider.uuid.not_in(list(known_uuids)))).all()
        for provider in stale:
            s.delete(provider)
        return len(stale)


#: A compute service's state, as a notification or Nova's API told it.
ServiceState = collections.namedtuple('ServiceState',
                                      ['host', 'disabled', 'up', 'seen_at'])
#: A host's CPU load, from metrics.update.
HostLoad = collections.namedtuple('HostLoad',
                                  ['host', 'cpu_percent', 'measured_at'])


def apply_notifications(services=(), loads=(), context=None):
    """Apply service states and loads in one transaction.

    Each applies only where it is newer than what is stored. Returns the
    hosts whose service state changed (their capacity must be recomputed).
    Plain SQL rather than ORM objects: the listener calls this for every
    batch of notifications.
    """
    services = {s.host: s for s in services}
    loads = {load.host: load for load in loads}
    hosts = sorted(set(services) | set(loads))
    if not hosts:
        return set()
    table = models.ResourceProvider.__table__
    service_rows, load_rows, changed = [], [], set()
    with db_api.writer(context) as s:
        current = s.execute(
            sa.select(table.c.id, table.c.service_host,
                      table.c.service_updated_at, table.c.metrics_updated_at)
            .where(table.c.service_host.in_(hosts))
            .order_by(table.c.id).with_for_update())
        for row in current:
            state = services.get(row.service_host)
            if state is not None and (row.service_updated_at is None or
                                      state.seen_at >= row.service_updated_at):
                service_rows.append({'pid': row.id,
                                     'disabled': state.disabled,
                                     'up': state.up, 'at': state.seen_at})
                changed.add(state.host)
            load = loads.get(row.service_host)
            if load is not None and (row.metrics_updated_at is None or
                                     load.measured_at >
                                     row.metrics_updated_at):
                load_rows.append({'pid': row.id, 'load': load.cpu_percent,
                                  'at': load.measured_at})
        _update_by_id(s, table, service_rows, {
            'service_disabled': 'disabled', 'service_up': 'up',
            'service_updated_at': 'at'})
        _update_by_id(s, table, load_rows, {
            'cpu_load_percent': 'load', 'metrics_updated_at': 'at'})
    return changed


def _update_by_id(session, table, rows, columns):
    """One UPDATE ... SET col = CASE id WHEN ... END for many rows.

    A single statement rather than one per row: executemany of an UPDATE
    is a round trip per row with PyMySQL.
    """
    if not rows:
        return
    ids = [row['pid'] for row in rows]
    values = {
        column: sa.case({row['pid']: sa.literal(row[key], table.c[column].type)
                         for row in rows}, value=table.c.id)
        for column, key in columns.items()}
    session.execute(table.update().where(table.c.id.in_(ids))
                    .values(**values))


def provider_set_service_state(host, disabled, up, seen_at, context=None):
    """Record a compute service's state, unless a newer one is stored."""
    return bool(apply_notifications(
        services=[ServiceState(host, disabled, up, seen_at)],
        context=context))


def provider_list(context=None):
    """Return every provider as a dict with its ``inventories``."""
    with db_api.reader(context) as s:
        result = []
        for provider in s.scalars(sa.select(models.ResourceProvider)
                                  .order_by(models.ResourceProvider.name)):
            row = provider.to_dict()
            row['inventories'] = {
                i.resource_class: capacity.Inventory(
                    *(getattr(i, f) for f in capacity.Inventory._fields))
                for i in provider.inventories}
            result.append(row)
        return result


def flavor_capacity_store(rows, context=None):
    """Replace the sellable table with ``rows`` (dicts per flavor)."""
    now = timeutils.utcnow()
    with db_api.writer(context) as s:
        s.execute(sa.delete(models.FlavorCapacity))
        for row in rows:
            s.add(models.FlavorCapacity(computed_at=now, **row))


def flavor_capacity_list(context=None):
    """Return the sellable table, per flavor."""
    with db_api.reader(context) as s:
        return [row.to_dict() for row in s.scalars(
            sa.select(models.FlavorCapacity).order_by(
                models.FlavorCapacity.flavor_id))]
