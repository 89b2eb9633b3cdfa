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

"""Queries of the order API: offers, listing orders, and what an order is
owed; and the erasure of the buyer's data of orders closed long ago.

What orders hold and the sales rules built on it (caps, sold out) are
:mod:`utter_va.orders.holds` and :mod:`utter_va.orders.sales`.
"""

from oslo_db.sqlalchemy import utils as db_utils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception


def offer_get(flavor, context=None):
    """The enabled price of a flavor by id or name, or raise OfferNotFound."""
    with db_api.reader(context) as s:
        rows = s.scalars(sa.select(models.FlavorPrice).where(
            models.FlavorPrice.enabled.is_(True),
            sa.or_(models.FlavorPrice.flavor_id == flavor,
                   models.FlavorPrice.flavor_name == flavor))
            .order_by(models.FlavorPrice.id)).all()
        # NOTE: an id wins over a name that happens to equal it.
        rows.sort(key=lambda r: r.flavor_id != flavor)
        if not rows:
            raise exception.OfferNotFound(flavor=flavor)
        return rows[0].to_dict()


def order_by_pay_code(pay_code, context=None):
    """The order whose LNURL pay code is ``pay_code``, or LNURLNotFound."""
    with db_api.reader(context) as s:
        order = s.scalars(sa.select(models.Order).filter_by(
            pay_code=pay_code)).one_or_none()
        if order is None:
            raise exception.LNURLNotFound()
        return order.to_dict()


def capacity_get(flavor_id, context=None):
    """The flavor_capacity row of a flavor as a dict, or None."""
    with db_api.reader(context) as s:
        row = s.get(models.FlavorCapacity, flavor_id)
        return row.to_dict() if row is not None else None


def order_list(state=None, flavor=None, since=None, limit=100, marker=None,
               context=None):
    """Orders, newest first, filtered and paginated by a marker order id.

    Raises OrderNotFound when ``marker`` names no order.
    """
    with db_api.reader(context) as s:
        marker_row = None
        if marker is not None:
            marker_row = s.get(models.Order, marker)
            if marker_row is None:
                raise exception.OrderNotFound(order_id=marker)
        query = s.query(models.Order)
        if state:
            query = query.filter(models.Order.state == state)
        if flavor:
            query = query.filter(sa.or_(models.Order.flavor_id == flavor,
                                        models.Order.flavor_name == flavor))
        if since is not None:
            query = query.filter(models.Order.created_at >= since)
        query = db_utils.paginate_query(
            query, models.Order, limit, ['created_at', 'id'],
            marker=marker_row, sort_dirs=['desc', 'desc'])
        return [row.to_dict() for row in query.all()]


def refunds_of_order(order_id, context=None):
    """What is or was owed back to the buyer of an order, oldest first."""
    with db_api.reader(context) as s:
        return [r.to_dict() for r in s.scalars(
            sa.select(models.Refund).filter_by(order_id=order_id)
            .order_by(models.Refund.id))]


#: Orders whose buyer's data one transaction erases, at most.
PURGE_BATCH = 500

#: The columns of an order that identify its buyer or reach them.
PERSONAL_COLUMNS = ('user_data', 'ssh_public_key', 'client_network',
                    'callback_url')


def personal_data_purge(closed_before, batch_size=PURGE_BATCH,
                        context=None):
    """Erase the buyer's data of the orders closed before ``closed_before``.

    Their user data, SSH key, client network and callback URL become
    NULL, and the URL (and last error, which may quote it) of their
    callback deliveries that are no longer pending is erased. An order's
    ``closed_at`` is set only when it closes, so no live order is touched;
    its state, transition log, payments and refunds stay. Returns how many
    orders were purged.
    """
    columns = [getattr(models.Order, name) for name in PERSONAL_COLUMNS]
    purged = 0
    while True:
        with db_api.writer(context) as s:
            ids = s.scalars(sa.select(models.Order.id).where(
                models.Order.closed_at < closed_before,
                sa.or_(*[c.isnot(None) for c in columns]))
                .limit(batch_size)).all()
            if ids:
                s.execute(sa.update(models.Order)
                          .where(models.Order.id.in_(ids))
                          .values({c: None for c in PERSONAL_COLUMNS}))
        purged += len(ids)
        if len(ids) < batch_size:
            break
    with db_api.writer(context) as s:
        closed = sa.select(models.Order.id).where(
            models.Order.closed_at < closed_before)
        s.execute(sa.update(models.CallbackDelivery).where(
            models.CallbackDelivery.order_id.in_(closed),
            models.CallbackDelivery.status != 'pending',
            models.CallbackDelivery.url != '').values(
                url='', last_error=None))
    return purged
