"""How orders close: the reasons, and what is owed back.

An order that ends carries a machine-readable close reason. Whatever the
buyer paid for and will not get is recorded as owed back, except when an
operator terminates an order (for abuse), which the transition log shows
with the operator's name.
"""

from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.i18n import _
from utter_va import order_states
from utter_va.payment import ledger

LOG = log.getLogger(__name__)

LIVE_STATES = order_states.LIVE
RUNNING_STATES = order_states.RUNNING
CLOSED_STATES = order_states.CLOSED

EXPIRED_UNPAID = 'expired_unpaid'
PAID_TIME_OVER = 'paid_time_over'
BOOT_FAILED = 'boot_failed'
BOOT_NOT_STARTED = 'boot_not_started'
DELETED_OUTSIDE = 'deleted_outside_utter_va'
SHELVED_OUTSIDE = 'shelved_outside_utter_va'
SERVER_ERROR = 'server_error'
CANCELLED = 'cancelled_by_operator'
TERMINATED = 'terminated_by_operator'


def move(session, order, target, cause, now, reason=None, actor=None,
         detail=None):
    """Move a locked order to ``target``; a reason closes it."""
    if reason:
        order.close_reason = reason
        order.closed_at = now
    db_api.move_locked_order(session, order, target, cause, detail=detail,
                             actor=actor)
    LOG.info('Order %s: %s (%s)', order.id, target, cause)


def unused_msat(order, now):
    """What the paid time an order will not get is worth."""
    if order.state in RUNNING_STATES and order.paid_until:
        unused = max(0, int((order.paid_until - now).total_seconds()))
        return min(order.paid_msat,
                   ledger.msat_for(unused, order.price_msat_per_hour))
    if order.state in order_states.UNBOOTED:
        return order.paid_msat
    return 0


def close(session, order, target, reason, cause, now, refund=True,
          actor=None, detail=None):
    """Close a locked live order; the engine deletes its server next."""
    if refund:
        if order.state == 'awaiting_payment':
            ledger.refund_held(session, order, reason)
        db_payments.refund_add(session, order.id, None,
                               unused_msat(order, now), reason)
    move(session, order, target, cause, now, reason=reason, actor=actor,
         detail=detail)
    order.state_deadline = now


def close_by_operator(order_id, target, actor=None):
    """Cancel or terminate a live order at an operator's request.

    ``cancelled`` records the unused paid time as owed back to the buyer;
    ``terminated`` ends the order without a refund (for abuse). The engine
    deletes the server next. Returns the order as a dict; raises
    OrderNotFound or InvalidStateTransition.
    """
    if target not in ('cancelled', 'terminated'):
        raise exception.Invalid(
            reason=_('an order is closed as cancelled or terminated'))
    now = timeutils.utcnow()
    with db_api.writer() as session:
        order = session.scalars(sa.select(models.Order).filter_by(
            id=order_id).with_for_update()).one_or_none()
        if order is None:
            raise exception.OrderNotFound(order_id=order_id)
        if order.state not in LIVE_STATES:
            raise exception.InvalidStateTransition(
                order_id=order_id, current=order.state, target=target)
        if target == 'cancelled':
            close(session, order, target, CANCELLED, 'cancelled', now,
                  actor=actor)
        else:
            close(session, order, target, TERMINATED, 'terminated', now,
                  refund=False, actor=actor)
        return order.to_dict()
