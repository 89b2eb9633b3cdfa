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

A buyer may order a unit of a flavor while the cloud has one free that is
not held (:mod:`utter_va.orders.holds`); unpaid orders may together hold
at most ``[api] unpaid_share_per_flavor`` of the free units, and one
client network at most ``[api] max_unpaid_orders_per_client``.

Placing an order is one transaction that locks the enabled flavor_prices
rows (``SELECT ... FOR UPDATE``, in id order), counts the live holds and
unpaid orders, checks the caps and inserts the order and its payment
request: two API workers placing orders at once are serialised, so
neither cap can be overshot.
"""

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


def units_available(price, capacity_row, held=None):
    """Units of an offer a buyer may order now (live holds counted).

    ``held`` is the (unpaid, paid) holds of the flavor when the caller
    read them already (:func:`utter_va.orders.holds.holds_of_flavors`).
    """
    if held is None:
        held = holds.holds_of_flavor(price['flavor_id'])
    return availability(price, capacity_row, *held)[0]


def check_caps(price, client_network, now=None, context=None):
    """Raise SoldOut, TooManyUnpaidOrders or UnpaidShareExceeded.

    Returns the units available before this order.
    """
    now = now or timeutils.utcnow()
    context = context if context is not None else types.SimpleNamespace()
    with db_api.reader(context):
        unpaid, others = holds.holds_of_flavor(price['flavor_id'], now,
                                               context=context)
        available, unpaid_cap = availability(
            price, db_orders.capacity_get(price['flavor_id'],
                                          context=context),
            unpaid, others)
        if available <= 0:
            raise exception.SoldOut(flavor=price['flavor_name'])
        count = holds.unpaid_of_network(client_network, now, context=context)
        if count >= CONF.api.max_unpaid_orders_per_client:
            raise exception.TooManyUnpaidOrders(count=count)
        if unpaid >= unpaid_cap:
            raise exception.UnpaidShareExceeded(flavor=price['flavor_name'])
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
