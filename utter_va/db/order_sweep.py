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

"""Queries of the engine's sweeps over orders and payment requests."""

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models


def due_order_ids(now, limit, context=None):
    """Ids of the orders whose deadline passed, the most overdue first.

    Unlocked: each order is then locked on its own, skipping the ones
    another engine holds (see :func:`utter_va.orders.actions.step`).
    """
    with db_api.reader(context) as s:
        return list(s.scalars(
            sa.select(models.Order.id)
            .where(models.Order.state_deadline <= now)
            .order_by(models.Order.state_deadline).limit(limit)))


def owners_of_servers(server_ids, context=None):
    """{server id: (order id, state, state_deadline)} of their orders."""
    if not server_ids:
        return {}
    with db_api.reader(context) as s:
        return {row[0]: tuple(row[1:]) for row in s.execute(
            sa.select(models.Order.server_id, models.Order.id,
                      models.Order.state, models.Order.state_deadline)
            .where(models.Order.server_id.in_(list(server_ids))))}


def pending_orders(order_ids, live_states, context=None):
    """Those of ``order_ids`` that are in ``live_states`` or still due.

    An order that is due (a state_deadline) is still being worked on: its
    server or its Neutron resources are on their way out.
    """
    if not order_ids:
        return set()
    with db_api.reader(context) as s:
        return set(s.scalars(sa.select(models.Order.id).where(
            models.Order.id.in_(list(order_ids)),
            sa.or_(models.Order.state.in_(live_states),
                   models.Order.state_deadline.is_not(None)))))


def orders_with_servers(states, context=None):
    """(order id, state, server id) of orders in ``states`` with a server."""
    with db_api.reader(context) as s:
        return [tuple(row) for row in s.execute(
            sa.select(models.Order.id, models.Order.state,
                      models.Order.server_id)
            .where(models.Order.state.in_(states),
                   models.Order.server_id.is_not(None)))]


def order_ids_without_server(states, context=None):
    """Ids of the orders in ``states`` with no server recorded."""
    with db_api.reader(context) as s:
        return set(s.scalars(
            sa.select(models.Order.id)
            .where(models.Order.state.in_(states),
                   models.Order.server_id.is_(None))))


def pending_requests(driver, since, context=None):
    """The payment requests of ``driver`` worth polling, as dicts.

    Those that have not expired before ``since``, whatever their status:
    a payment that arrives late must still be recorded (and credited or
    owed back), never lost.
    """
    with db_api.reader(context) as s:
        return [r.to_dict() for r in s.scalars(
            sa.select(models.PaymentRequest)
            .where(models.PaymentRequest.driver == driver,
                   models.PaymentRequest.expires_at > since)
            .order_by(models.PaymentRequest.id))]
