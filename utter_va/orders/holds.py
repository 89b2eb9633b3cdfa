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

An unpaid order holds a unit of its flavor while one of its payment
requests is live; a paid order holds one until its server is scheduled
(``paid`` and ``booting``). Once a server exists, Placement counts it.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.orders import states


def _unpaid(now):
    live_request = sa.exists().where(
        models.PaymentRequest.order_id == models.Order.id,
        models.PaymentRequest.expires_at > now)
    return sa.and_(models.Order.state == states.AWAITING_PAYMENT,
                   live_request)


def _holding(now):
    return sa.or_(_unpaid(now), models.Order.state.in_(states.UNBOOTED))


def unpaid_of_network(client_network, now=None, context=None):
    """How many live unpaid orders a client network holds."""
    now = now or timeutils.utcnow()
    with db_api.reader(context) as s:
        return s.scalar(sa.select(sa.func.count()).where(
            models.Order.client_network == client_network, _unpaid(now)))


def holds_of_flavor(flavor_id, now=None, context=None):
    """(units held by live unpaid orders, units held by paid/booting ones).

    Together they are what :func:`held_units` counts for the flavor, live
    rather than as of the engine's last computation.
    """
    return _holds(now, context, flavor_id).get(flavor_id, (0, 0))


def holds_of_flavors(now=None, context=None):
    """{flavor_id: (units held unpaid, units held paid)}, in one query."""
    return _holds(now, context)


def _holds(now, context, flavor_id=None):
    now = now or timeutils.utcnow()
    unpaid = sa.case((_unpaid(now), 1), else_=0)
    query = (sa.select(models.Order.flavor_id, sa.func.sum(unpaid),
                       sa.func.count())
             .where(_holding(now)).group_by(models.Order.flavor_id))
    if flavor_id is not None:
        query = query.where(models.Order.flavor_id == flavor_id)
    with db_api.reader(context) as s:
        return {flavor: (int(held_unpaid), count - int(held_unpaid))
                for flavor, held_unpaid, count in s.execute(query)}


def held_units(now=None, context=None):
    """Return {flavor_id: units held by orders Placement does not count}."""
    return {flavor: unpaid + paid for flavor, (unpaid, paid)
            in holds_of_flavors(now, context=context).items()}
