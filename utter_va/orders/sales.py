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

"""The rules of a sale: what a buyer may order now, and placing an order.

The units of a flavor that are *free* are what fits on the cloud, less
what paid orders hold, up to the price's ``max_units``. Of them, units
held by *backed* unpaid orders (a payment seen for them, see
:mod:`utter_va.orders.holds`) are taken; the others are *open*.

One buyer's unpaid orders never stop another buyer: while a flavor has an
open unit, a new order gets a payment request. Unpaid orders with no
payment seen hold units only softly:

* together they are counted as holding at most ``[api]
  unpaid_share_per_flavor`` of the free units (less what backed orders
  hold), and never the last open unit;
* the newest of them are the ones counted: when the share is full and a
  new order comes, the oldest unpaid hold with no payment seen gives way.
  It keeps its payment request; if it is paid, it holds its unit as any
  paid order does, and if paying buyers took every unit meanwhile, its
  boot fails and what it paid is owed back, as for any order whose cloud
  filled up.

So an attacker who never pays can only push other unpaid orders out of
the count, never refuse anybody a payment request; the only holds that
refuse a buyer (a 409, sold out) are backed by money. ``[api]
max_unpaid_orders_per_client`` still caps the unpaid orders of one client
network (an IPv4 /32 or IPv6 /64): that 429 only ever stops the network's
own orders. Holds are not counted per wider networks (/24, /48): a cap
there would let one buyer's unpaid orders refuse another buyer behind
the same carrier NAT or campus network, and with holds that give way a
wider count would refuse nobody anyway.

Pricing sees paid holds only (:func:`priced_capacity`): unpaid orders,
backed or not, never move the price.

Placing an order is one transaction that locks the enabled flavor_prices
rows (``SELECT ... FOR UPDATE``, in id order), counts the live holds and
unpaid orders, checks the caps and inserts the order and its payment
request: two API workers placing orders at once are serialised, so no
cap can be overshot.
"""

import collections
import math
import types

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va import capacity
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import holds
from utter_va.orders import transitions

CONF = conf.CONF


class Availability(collections.namedtuple(
        'Availability', 'free open unpaid_held available')):
    """What a flavor has for a buyer now.

    ``free``: units not held by paid orders; ``open``: free units not held
    by backed unpaid orders either (a new order is refused only when none
    is left); ``unpaid_held``: units unpaid orders are counted as
    holding; ``available``: units a buyer may order now, what offers
    show (positive exactly when ``open`` is).
    """

    __slots__ = ()


NOTHING = Availability(0, 0, 0, 0)


def unpaid_counted(free, held):
    """Units the unpaid orders of :class:`holds.Holds` ``held`` hold.

    Backed ones hold theirs (at most what is free); the others the newest
    first, at most the share of ``free`` that backed ones leave, and
    never the last open unit.
    """
    backed = min(held.backed, free)
    open_units = free - backed
    share = math.floor(free * CONF.api.unpaid_share_per_flavor)
    room = max(0, min(share - backed, open_units - 1))
    return backed + min(held.unpaid - held.backed, room)


def availability(price, capacity_row, unpaid, paid, backed=0):
    """The :class:`Availability` of a flavor, given what orders hold.

    ``capacity_row`` is the engine's flavor_capacity row (None until it
    computed one: nothing is sellable then); ``unpaid``, ``paid`` and
    ``backed`` are the fields of :class:`holds.Holds`.
    """
    if capacity_row is None or not price['enabled']:
        return NOTHING
    free = capacity.sellable_units(capacity_row['fit_units'], paid,
                                   price['max_units'])
    open_units = max(0, free - backed)
    counted = unpaid_counted(free, holds.Holds(unpaid, paid, backed))
    return Availability(free, open_units, counted, free - counted)


def units_available(price, capacity_row, held=None):
    """Units of an offer a buyer may order now (live holds counted).

    ``held`` is the :class:`holds.Holds` of the flavor (or its first
    fields) when the caller read them already
    (:func:`utter_va.orders.holds.holds_of_flavors`).
    """
    if held is None:
        held = holds.holds_of_flavor(price['flavor_id'])
    return availability(price, capacity_row, *held).available


def priced_capacity(price, capacity_row, held=None):
    """The capacity row a pricing driver is given: paid holds only.

    A copy of the engine's flavor_capacity row whose ``held_units`` are
    the paid and booting orders of the flavor now and whose
    ``sellable_units`` are what fits less those: what unpaid orders hold
    never changes a price. None while the engine computed no row.
    """
    if capacity_row is None:
        return None
    if held is None:
        held = holds.holds_of_flavor(price['flavor_id'])
    paid = held[1]
    max_units = price['max_units'] if price['enabled'] else 0
    return dict(capacity_row, held_units=paid,
                sellable_units=capacity.sellable_units(
                    capacity_row['fit_units'], paid, max_units))


def check_caps(price, client_network, now=None, context=None):
    """Raise SoldOut or TooManyUnpaidOrders.

    Returns the units available before this order.
    """
    now = now or timeutils.utcnow()
    context = context if context is not None else types.SimpleNamespace()
    with db_api.reader(context):
        held = holds.holds_of_flavor(price['flavor_id'], now,
                                     context=context)
        available = availability(
            price, db_orders.capacity_get(price['flavor_id'],
                                          context=context),
            *held).available
        if available <= 0:
            raise exception.SoldOut(flavor=price['flavor_name'])
        count = holds.unpaid_of_network(client_network, now, context=context)
        if count >= CONF.api.max_unpaid_orders_per_client:
            raise exception.TooManyUnpaidOrders(count=count)
        return available


def place(order, request, cause='placed by a buyer'):
    """Insert an order and its payment request once its caps allow it.

    ``order`` and ``request`` are the column values of the two rows (the
    order's state is its initial one). The enabled flavor_prices rows are
    locked first (in id order), then the caps are counted and checked
    (:func:`check_caps`) and the rows inserted, all in one transaction.
    Returns (order, request) as dicts.
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
        created = transitions.create(order, cause=cause, context=ctx)
        stored = db_payments.request_create(
            dict(request, order_id=created['id']), context=ctx)
        return created, stored
