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

"""The one way to lock an order, and the one way to change its state.

An order row is locked with :func:`lock` (``SELECT ... FOR UPDATE``), in a
transaction that does nothing but decide and record: no remote call is
ever made while it is held (see :mod:`utter_va.orders.actions`). Its state
changes only through :func:`transition`, which looks the (state, event)
pair up in :data:`utter_va.orders.states.TRANSITIONS`, refuses what the
table does not allow, and appends the transition log with its cause and
its actor. The log is also the outbox of the order's notifications and
callbacks (:mod:`utter_va.engine.outbox`).
"""

from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception
from utter_va.orders import states

LOG = log.getLogger(__name__)


def lock(session, order_id, skip_locked=False, due_at=None):
    """Lock an order's row in ``session``'s transaction; return the Order.

    Returns None when there is no such order, when ``skip_locked`` is set
    and another transaction holds it, or when ``due_at`` is given and the
    order's ``state_deadline`` is not due by then.
    """
    query = sa.select(models.Order).filter_by(id=order_id)
    if due_at is not None:
        query = query.where(models.Order.state_deadline <= due_at)
    return session.scalars(query.with_for_update(
        skip_locked=skip_locked)).one_or_none()


def lock_existing(session, order_id):
    """:func:`lock`, raising OrderNotFound when there is no such order."""
    order = lock(session, order_id)
    if order is None:
        raise exception.OrderNotFound(order_id=order_id)
    return order


def transition(session, order, event, cause, actor=None, detail=None):
    """Move a locked order by ``event``; refuse what the table does not allow.

    Raises InvalidStateTransition (and changes nothing) when
    (``order.state``, ``event``) is not in the transition table. Returns
    the new state.
    """
    target = states.TRANSITIONS.get((order.state, event))
    if target is None:
        raise exception.InvalidStateTransition(
            order_id=order.id, current=order.state,
            target=states.EVENT_TARGETS.get(event, event))
    _log(session, order.id, order.state, target, cause, actor=actor,
         detail=detail)
    order.state = target
    order.updated_at = timeutils.utcnow()
    LOG.info('Order %s: %s (%s)', order.id, target, cause)
    return target


def create(values, cause, actor=None, context=None):
    """Insert an order in its initial state and the first log entry.

    ``values`` are the order's columns but its state. Returns the order as
    a dict.
    """
    with db_api.writer(context) as session:
        order = models.Order(**dict(values, state=states.INITIAL))
        session.add(order)
        session.flush()
        _log(session, order.id, None, order.state, cause, actor=actor)
        return order.to_dict()


def move(order_id, event, cause, values=None, actor=None, detail=None,
         context=None):
    """Lock an order and move it by ``event``, in a transaction of its own.

    ``values`` are other columns set in the same transaction. Returns the
    order as a dict; raises OrderNotFound or InvalidStateTransition.
    """
    with db_api.writer(context) as session:
        order = lock_existing(session, order_id)
        transition(session, order, event, cause, actor=actor, detail=detail)
        for column, value in (values or {}).items():
            setattr(order, column, value)
        session.flush()
        return order.to_dict()


def _log(session, order_id, from_state, to_state, cause, actor=None,
         detail=None):
    session.add(models.OrderTransition(
        order_id=order_id, from_state=from_state, to_state=to_state,
        cause=cause, detail=detail, actor=actor))
