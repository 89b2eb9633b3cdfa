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

"""The operator's prices per flavor, with their append-only history."""

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception
from utter_va.i18n import _

_FIELDS = ('price_msat_per_hour', 'images', 'max_units', 'enabled',
           'pricing_driver', 'ingress_rules', 'allow_image_url')


def _history(session, price, action, changed_by):
    session.add(models.FlavorPriceChange(
        flavor_id=price.flavor_id, action=action, changed_by=changed_by,
        **{field: getattr(price, field) for field in _FIELDS}))


def price_set(values, changed_by=None, context=None):
    """Create or update the price of ``values['flavor_id']``."""
    with db_api.writer(context) as s:
        price = s.scalars(sa.select(models.FlavorPrice).filter_by(
            flavor_id=values['flavor_id']).with_for_update()).one_or_none()
        action = 'update'
        if price is None:
            price = models.FlavorPrice(flavor_id=values['flavor_id'])
            s.add(price)
            action = 'create'
        for key, value in values.items():
            setattr(price, key, value)
        s.flush()
        _history(s, price, action, changed_by)
        return price.to_dict()


def _find(session, flavor, for_update=False):
    """The price of a flavor named by its Nova id or its name."""
    def select(**match):
        query = sa.select(models.FlavorPrice).filter_by(**match)
        if for_update:
            query = query.with_for_update()
        return session.scalars(query).all()
    found = select(flavor_id=flavor) or select(flavor_name=flavor)
    if not found:
        raise exception.FlavorPriceNotFound(flavor=flavor)
    if len(found) > 1:
        # NOTE: Nova's flavor names are unique, but the price of a deleted
        # flavor may still carry the name of a new one.
        raise exception.Conflict(reason=_(
            'several prices are set for flavors named %s; name the flavor '
            'by its id') % flavor)
    return found[0]


def price_get(flavor, context=None):
    """Return the price of a flavor, by id or name.

    Raise FlavorPriceNotFound without one, Conflict when the name is that
    of several priced flavors.
    """
    with db_api.reader(context) as s:
        return _find(s, flavor).to_dict()


def price_list(enabled_only=False, context=None):
    """Return every price, by flavor name."""
    with db_api.reader(context) as s:
        query = sa.select(models.FlavorPrice).order_by(
            models.FlavorPrice.flavor_name)
        if enabled_only:
            query = query.filter_by(enabled=True)
        return [price.to_dict() for price in s.scalars(query)]


def price_delete(flavor, changed_by=None, context=None):
    """Delete the price of a flavor, by id or name (its history stays)."""
    with db_api.writer(context) as s:
        price = _find(s, flavor, for_update=True)
        _history(s, price, 'delete', changed_by)
        s.delete(price)


def price_history(flavor_id, context=None):
    """Return the changes of a flavor's price, oldest first."""
    with db_api.reader(context) as s:
        return [change.to_dict() for change in s.scalars(
            sa.select(models.FlavorPriceChange).filter_by(
                flavor_id=flavor_id).order_by(models.FlavorPriceChange.id))]
