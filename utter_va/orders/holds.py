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

"""What orders hold of the cloud's capacity before Placement counts it.

A paid order holds a unit of its flavor until its server is scheduled
(``paid`` and ``booting``); once a server exists, Placement counts it.

An unpaid order (awaiting payment, one of its payment requests live) is
*backed* once payments seen for it (on their way to confirmation, not
reversed) add up to at least the minimum purchase at its price: it is
about to be paid, and it holds its unit like a paid one. An unpaid order
with no such payment holds a unit only as far as
:mod:`utter_va.orders.sales` lets it: such holds never refuse another
buyer, and they never move the price.
"""

import collections

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.orders import states
from utter_va.payment import base as payment_base

CONF = conf.CONF


class Holds(collections.namedtuple('Holds', 'unpaid paid backed')):
    """What the orders of one flavor hold.

    ``unpaid``: live unpaid orders (``backed`` ones included); ``paid``:
    paid and booting orders; ``backed``: live unpaid orders whose payment
    was seen (see the module's docstring).
    """

    __slots__ = ()


Holds.__new__.__defaults__ = (0,)
NONE = Holds(0, 0, 0)


def _unpaid(now):
    live_request = sa.exists().where(
        models.PaymentRequest.order_id == models.Order.id,
        models.PaymentRequest.expires_at > now)
    return sa.and_(models.Order.state == states.AWAITING_PAYMENT,
                   live_request)


def _backed():
    seen = (sa.select(sa.func.coalesce(sa.func.sum(
        models.Payment.amount_msat), 0))
        .where(models.Payment.order_id == models.Order.id,
               models.Payment.status.in_((payment_base.SEEN,
                                          payment_base.CONFIRMED)))
        .scalar_subquery())
    # NOTE: at least the minimum purchase, so that dust (a 1 sat
    # Lightning payment) cannot make a hold that refuses others.
    return sa.and_(seen > 0, seen * 3600 >= (
        CONF.payment.minimum_purchase_seconds *
        models.Order.price_msat_per_hour))


def _holding(now):
    return sa.or_(_unpaid(now), models.Order.state.in_(states.UNBOOTED))


def unpaid_of_network(client_network, now=None, context=None):
    """How many live unpaid orders a client network holds."""
    now = now or timeutils.utcnow()
    with db_api.reader(context) as s:
        return s.scalar(sa.select(sa.func.count()).where(
            models.Order.client_network == client_network, _unpaid(now)))


def holds_of_flavor(flavor_id, now=None, context=None):
    """The :class:`Holds` of one flavor, live.

    Live rather than as of the engine's last computation.
    """
    return _holds(now, context, flavor_id).get(flavor_id, NONE)


def holds_of_flavors(now=None, context=None):
    """{flavor_id: :class:`Holds`}, in one query."""
    return _holds(now, context)


def _holds(now, context, flavor_id=None):
    now = now or timeutils.utcnow()
    unpaid = _unpaid(now)
    query = (sa.select(models.Order.flavor_id,
                       sa.func.sum(sa.case((unpaid, 1), else_=0)),
                       sa.func.sum(sa.case((sa.and_(unpaid, _backed()), 1),
                                           else_=0)),
                       sa.func.count())
             .where(_holding(now)).group_by(models.Order.flavor_id))
    if flavor_id is not None:
        query = query.where(models.Order.flavor_id == flavor_id)
    with db_api.reader(context) as s:
        return {flavor: Holds(int(held_unpaid), count - int(held_unpaid),
                              int(backed))
                for flavor, held_unpaid, backed, count in s.execute(query)}
