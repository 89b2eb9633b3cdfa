"""Queries of the order API: offers, placing an order under its caps,
listing orders, and what an order paid and is owed.

Placing an order is one transaction that locks the enabled flavor_prices
rows (``SELECT ... FOR UPDATE``, in id order), counts the live holds and
unpaid orders, checks the caps and inserts the order and its payment
request: two API workers placing orders at once are serialised, so
neither cap can be overshot.
"""

import math
import types

from oslo_db.sqlalchemy import utils as db_utils
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va.engine import capacity
from utter_va import exception
from utter_va import order_states

CONF = conf.CONF

AWAITING = order_states.AWAITING_PAYMENT


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


def capacity_get(flavor_id, context=None):
    """The flavor_capacity row of a flavor as a dict, or None."""
    with db_api.reader(context) as s:
        row = s.get(models.FlavorCapacity, flavor_id)
        return row.to_dict() if row is not None else None


def _unpaid_filter(now):
    live_request = sa.exists().where(
        models.PaymentRequest.order_id == models.Order.id,
        models.PaymentRequest.expires_at > now)
    return sa.and_(models.Order.state == AWAITING, live_request)


def unpaid_of_network(client_network, now=None, context=None):
    """How many live unpaid orders a client network holds."""
    now = now or timeutils.utcnow()
    with db_api.reader(context) as s:
        return s.scalar(sa.select(sa.func.count()).where(
            models.Order.client_network == client_network,
            _unpaid_filter(now)))


def holds_of_flavor(flavor_id, now=None, context=None):
    """(units held by live unpaid orders, units held by paid/booting ones).

    Together they are what :func:`utter_va.db.capacity.held_units` counts
    for the flavor, live rather than as of the engine's last computation.
    """
    now = now or timeutils.utcnow()
    with db_api.reader(context) as s:
        unpaid = s.scalar(sa.select(sa.func.count()).where(
            models.Order.flavor_id == flavor_id, _unpaid_filter(now)))
        others = s.scalar(sa.select(sa.func.count()).where(
            models.Order.flavor_id == flavor_id,
            models.Order.state.in_(order_states.UNBOOTED)))
        return unpaid, others


def availability(price, capacity_row, unpaid, others):
    """(units a buyer may order now, units unpaid orders may hold at most).

    ``capacity_row`` is the engine's flavor_capacity row (None until it
    computed one: nothing is sellable then).
    """
    if capacity_row is None or not price['enabled']:
        return 0, 0
    free = capacity.sellable_units(capacity_row['fit_units'], others,
                                   price['max_units'])
    share = math.floor(free * CONF.api.unpaid_share_per_flavor)
    return max(0, free - unpaid), max(1, share)


def check_caps(price, client_network, now=None, context=None):
    """Raise SoldOut, TooManyUnpaidOrders or UnpaidShareExceeded.

    Returns the units available before this order.
    """
    now = now or timeutils.utcnow()
    context = context if context is not None else types.SimpleNamespace()
    with db_api.reader(context):
        unpaid, others = holds_of_flavor(price['flavor_id'], now,
                                         context=context)
        available, unpaid_cap = availability(
            price, capacity_get(price['flavor_id'], context=context),
            unpaid, others)
        if available <= 0:
            raise exception.SoldOut(flavor=price['flavor_name'])
        count = unpaid_of_network(client_network, now, context=context)
        if count >= CONF.api.max_unpaid_orders_per_client:
            raise exception.TooManyUnpaidOrders(count=count)
        if unpaid >= unpaid_cap:
            raise exception.UnpaidShareExceeded(flavor=price['flavor_name'])
        return available


def order_place(order, request, cause='placed by a buyer'):
    """Insert an order and its payment request once its caps allow it.

    ``order`` and ``request`` are the column values of the two rows. The
    enabled flavor_prices rows are locked first (in id order), then the
    caps are counted and checked (:func:`check_caps`) and the rows
    inserted, all in one transaction. Returns (order, request) as dicts.
    """
    ctx = types.SimpleNamespace()
    with db_api.writer(ctx) as s:
        # NOTE: the lock is the transaction's first statement, so the
        # counts that follow read what the previous holder committed.
        locked = s.scalars(sa.select(models.FlavorPrice).where(
            models.FlavorPrice.enabled.is_(True))
            .order_by(models.FlavorPrice.id).with_for_update()).all()
        price = next((p.to_dict() for p in locked
                      if p.flavor_id == order['flavor_id']), None)
        if price is None:
            raise exception.OfferNotFound(flavor=order['flavor_name'])
        check_caps(price, order['client_network'], context=ctx)
        created = db_api.order_create(order, cause=cause, context=ctx)
        stored = db_payments.request_create(
            dict(request, order_id=created['id']), context=ctx)
        return created, stored


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
