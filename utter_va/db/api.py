"""Database access functions of utter-va, on oslo.db's enginefacade.

Each public function is one transaction. Order state changes go through
:func:`order_transition`, a compare-and-set: the ``UPDATE`` only matches a
row still in the expected state, so two engines, a retry or a duplicate
webhook can never move an order twice.
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


def dispose_engine():
    """Forget the engines, e.g. after a fork or in tests."""
    context_manager.dispose_pool()


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

def order_create(values, cause, actor=None, context=None):
    """Create an order and the first entry of its transition log."""
    with writer(context) as session:
        order = models.Order(**values)
        session.add(order)
        session.flush()
        _log_transition(session, order.id, None, order.state, cause,
                        actor=actor)
        return order.to_dict()


def order_get(order_id, context=None):
    """Return one order as a dict, or raise OrderNotFound."""
    with reader(context) as session:
        order = session.get(models.Order, order_id)
        if order is None:
            raise exception.OrderNotFound(order_id=order_id)
        return order.to_dict()


def order_transition(order_id, expected, target, cause, values=None,
                     detail=None, actor=None, context=None):
    """Move an order from ``expected`` to ``target`` state, atomically.

    ``expected`` is one state or a tuple of states. ``values`` are other
    columns to set in the same UPDATE. Returns the updated order as a dict,
    or raises InvalidStateTransition when the order is not (or no longer) in
    an expected state, which callers treat as "somebody else did it".
    """
    expected_states = ((expected,) if isinstance(expected, str)
                       else tuple(expected))
    changes = dict(values or {})
    changes['state'] = target
    changes['updated_at'] = timeutils.utcnow()
    with writer(context) as session:
        # NOTE: the row lock serialises competing writers on MariaDB and
        # PostgreSQL; the state in the WHERE clause keeps the UPDATE a
        # compare-and-set on backends without row locks (sqlite).
        current = session.scalar(
            sa.select(models.Order.state).filter_by(id=order_id)
            .with_for_update())
        if current is None:
            raise exception.OrderNotFound(order_id=order_id)
        if current not in expected_states:
            raise exception.InvalidStateTransition(
                order_id=order_id, current=current, target=target)
        result = session.execute(
            sa.update(models.Order)
            .where(models.Order.id == order_id,
                   models.Order.state == current)
            .values(**changes)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise exception.InvalidStateTransition(
                order_id=order_id, current=current, target=target)
        _log_transition(session, order_id, current, target, cause,
                        detail=detail, actor=actor)
        session.flush()
        return session.get(models.Order, order_id,
                           populate_existing=True).to_dict()


def move_locked_order(session, order, target, cause, detail=None,
                      actor=None):
    """Move an Order row the caller holds locked (FOR UPDATE) to ``target``.

    For callers that must change an order's state in the same transaction
    as other rows (the payment ledger); the row lock makes it the same
    compare-and-set as :func:`order_transition`.
    """
    _log_transition(session, order.id, order.state, target, cause,
                    detail=detail, actor=actor)
    order.state = target
    order.updated_at = timeutils.utcnow()


def _log_transition(session, order_id, from_state, to_state, cause,
                    detail=None, actor=None):
    session.add(models.OrderTransition(
        order_id=order_id, from_state=from_state, to_state=to_state,
        cause=cause, detail=detail, actor=actor))


def order_transitions(order_id, context=None):
    """Return the transition log of one order, oldest first."""
    with reader(context) as session:
        rows = session.scalars(
            sa.select(models.OrderTransition)
            .filter_by(order_id=order_id)
            .order_by(models.OrderTransition.id))
        return [row.to_dict() for row in rows]
