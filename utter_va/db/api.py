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

"""Database access functions of utter-va, on oslo.db's enginefacade.

Each public function is one transaction. Orders are only read here:
they are created, locked and moved by :mod:`utter_va.orders`.
"""

from oslo_db.sqlalchemy import enginefacade
from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import models
from utter_va import exception

LOG = log.getLogger(__name__)

context_manager = enginefacade.transaction_context()


def configure(conf):
    """Point the enginefacade at the [database] options of ``conf``."""
    context_manager.configure(**dict(conf.database.items()))


def get_engine():
    """Return the writer engine (used by migrations and tests)."""
    return context_manager.writer.get_engine()


class _Context:
    """A bare context object for enginefacade's decorators."""


def reader(context=None):
    """A read transaction: ``with db_api.reader() as session: ...``.

    ``context`` joins the transaction of a caller that has one.
    """
    return context_manager.reader.using(
        context if context is not None else _Context())


def writer(context=None):
    """A write transaction, committed when the block ends."""
    return context_manager.writer.using(
        context if context is not None else _Context())


# Services -----------------------------------------------------------------

def service_heartbeat(host, binary, version=None, context=None):
    """Record that ``binary`` on ``host`` is alive; return its row as dict."""
    now = timeutils.utcnow()
    with writer(context) as session:
        service = session.scalars(
            sa.select(models.Service).filter_by(host=host, binary=binary)
            .with_for_update()).one_or_none()
        if service is None:
            service = models.Service(host=host, binary=binary,
                                     started_at=now)
            session.add(service)
        service.last_seen_at = now
        service.version = version
        session.flush()
        return service.to_dict()


def service_get_all(binary=None, context=None):
    """Return every known service, optionally only of one binary."""
    with reader(context) as session:
        query = sa.select(models.Service).order_by(models.Service.id)
        if binary:
            query = query.filter_by(binary=binary)
        return [s.to_dict() for s in session.scalars(query)]


# Orders -------------------------------------------------------------------

def order_get(order_id, context=None):
    """Return one order as a dict, or raise OrderNotFound."""
    with reader(context) as session:
        order = session.get(models.Order, order_id)
        if order is None:
            raise exception.OrderNotFound(order_id=order_id)
        return order.to_dict()


def order_transitions(order_id, context=None):
    """Return the transition log of one order, oldest first."""
    with reader(context) as session:
        rows = session.scalars(
            sa.select(models.OrderTransition)
            .filter_by(order_id=order_id)
            .order_by(models.OrderTransition.id))
        return [row.to_dict() for row in rows]
