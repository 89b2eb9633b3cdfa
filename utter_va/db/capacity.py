"""The capacity model in the database: providers, inventories, sellable
units per flavor.

Writers refuse stale data: a Placement read with an older generation than
the one stored, or a notification older than the last one applied, changes
nothing, so a replayed or reordered event never rolls the model back.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.engine import capacity

#: Order states that hold a unit of capacity that Placement does not count
#: yet: unpaid orders (until their payment request expires) and orders paid
#: but not yet scheduled.
HOLDING_STATES = ('awaiting_payment', 'paid', 'booting')


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
    with db_api.context_manager.writer.using(db_api._ctx(context)) as s:
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
    with db_api.context_manager.writer.using(db_api._ctx(context)) as s:
        stale = s.scalars(sa.select(models.ResourceProvider).where(
            models.ResourceProvider.uuid.not_in(list(known_uuids)))).all()
        for provider in stale:
            s.delete(provider)
        return len(stale)


def provider_set_service_state(host, disabled, up, seen_at, context=None):
    """Record a compute service's state, unless a newer one is stored."""
    with db_api.context_manager.writer.using(db_api._ctx(context)) as s:
        changed = 0
        for provider in s.scalars(sa.select(models.ResourceProvider)
                                  .filter_by(service_host=host)
                                  .with_for_update()):
            if (provider.service_updated_at is not None and
                    seen_at < provider.service_updated_at):
                continue
            provider.service_disabled = disabled
            provider.service_up = up
            provider.service_updated_at = seen_at
            changed += 1
        return changed


def provider_set_load(host, cpu_percent, measured_at, context=None):
    """Record a host's CPU load, unless a newer measure is stored."""
    with db_api.context_manager.writer.using(db_api._ctx(context)) as s:
        changed = 0
        for provider in s.scalars(sa.select(models.ResourceProvider)
                                  .filter_by(service_host=host)
                                  .with_for_update()):
            if (provider.metrics_updated_at is not None and
                    measured_at <= provider.metrics_updated_at):
                continue
            provider.cpu_load_percent = cpu_percent
            provider.metrics_updated_at = measured_at
            changed += 1
        return changed


def provider_list(context=None):
    """Return every provider as a dict with its ``inventories``."""
    with db_api.context_manager.reader.using(db_api._ctx(context)) as s:
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


def held_units(now=None, context=None):
    """Return {flavor_id: units held by orders Placement does not count}."""
    now = now or timeutils.utcnow()
    with db_api.context_manager.reader.using(db_api._ctx(context)) as s:
        live_request = sa.exists().where(
            models.PaymentRequest.order_id == models.Order.id,
            models.PaymentRequest.expires_at > now)
        query = (sa.select(models.Order.flavor_id, sa.func.count())
                 .where(sa.or_(
                     sa.and_(models.Order.state == 'awaiting_payment',
                             live_request),
                     models.Order.state.in_(HOLDING_STATES[1:])))
                 .group_by(models.Order.flavor_id))
        return dict(s.execute(query).all())


def flavor_capacity_store(rows, context=None):
    """Replace the sellable table with ``rows`` (dicts per flavor)."""
    now = timeutils.utcnow()
    with db_api.context_manager.writer.using(db_api._ctx(context)) as s:
        s.execute(sa.delete(models.FlavorCapacity))
        for row in rows:
            s.add(models.FlavorCapacity(computed_at=now, **row))


def flavor_capacity_list(context=None):
    """Return the sellable table, per flavor."""
    with db_api.context_manager.reader.using(db_api._ctx(context)) as s:
        return [row.to_dict() for row in s.scalars(
            sa.select(models.FlavorCapacity).order_by(
                models.FlavorCapacity.flavor_id))]
