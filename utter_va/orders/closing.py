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

"""How orders close: the reasons, and what is owed back.

An order that ends carries a machine-readable close reason. Whatever the
buyer paid for and will not get is recorded as owed back, except when an
operator terminates an order (for abuse), which the transition log shows
with the operator's name. An unpaid order whose payment requests all
expired closes as ``expired``, and what it received below the minimum
purchase is owed back.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import order_sweep
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import ledger
from utter_va.orders import states
from utter_va.orders import transitions
from utter_va.payment import base

EXPIRED_UNPAID = 'expired_unpaid'
PAID_TIME_OVER = 'paid_time_over'
BOOT_FAILED = 'boot_failed'
BOOT_NOT_STARTED = 'boot_not_started'
DELETED_OUTSIDE = 'deleted_outside_utter_va'
SHELVED_OUTSIDE = 'shelved_outside_utter_va'
SERVER_ERROR = 'server_error'
#: A buyer's own image (utter_va.orders.images) that could not be used.
IMAGE_IMPORT_FAILED = 'image_import_failed'
IMAGE_CHECKSUM_MISMATCH = 'image_checksum_mismatch'
IMAGE_TOO_LARGE = 'image_too_large'
CANCELLED = 'cancelled_by_operator'
TERMINATED = 'terminated_by_operator'

#: Every close reason, in the order of the lifecycle.
REASONS = (EXPIRED_UNPAID, PAID_TIME_OVER, BOOT_FAILED, BOOT_NOT_STARTED,
           IMAGE_IMPORT_FAILED, IMAGE_CHECKSUM_MISMATCH, IMAGE_TOO_LARGE,
           DELETED_OUTSIDE, SHELVED_OUTSIDE, SERVER_ERROR, CANCELLED,
           TERMINATED)

OWED_BELOW_MINIMUM = 'below the minimum purchase when the request expired'

#: Operator's closing: event, reason, whether unused time is owed back.
_BY_OPERATOR = {
    states.CANCELLED: (states.CANCEL, CANCELLED, True),
    states.TERMINATED: (states.TERMINATE, TERMINATED, False),
}


def unused_msat(order, now):
    """What the paid time an order will not get is worth."""
    if order.state in states.RUNNING and order.paid_until:
        unused = max(0, int((order.paid_until - now).total_seconds()))
        return min(order.paid_msat,
                   ledger.msat_for(unused, order.price_msat_per_hour))
    if order.state in states.UNBOOTED:
        return order.paid_msat
    return 0


def close(session, order, event, reason, cause, now, refund=True,
          actor=None, detail=None):
    """Close a locked live order by ``event``; its server is deleted next.

    With ``refund``, what the buyer paid and will not get is owed back.
    """
    # NOTE: refused before anything is owed back, so that a move the
    # table does not allow records nothing.
    if states.TRANSITIONS.get((order.state, event)) not in states.CLOSED:
        raise exception.InvalidStateTransition(
            order_id=order.id, current=order.state,
            target=states.EVENT_TARGETS.get(event, event))
    if refund:
        if order.state == states.AWAITING_PAYMENT:
            refund_held(session, order, reason)
        db_payments.refund_add(session, order.id, None,
                               unused_msat(order, now), reason)
    transitions.transition(session, order, event, cause, actor=actor,
                           detail=detail)
    order.close_reason = reason
    order.closed_at = now
    order.state_deadline = now


def close_by_operator(order_id, target, actor=None):
    """Cancel or terminate a live order at an operator's request.

    ``cancelled`` records the unused paid time as owed back to the buyer;
    ``terminated`` ends the order without a refund (for abuse). The engine
    deletes the server next. Returns the order as a dict; raises
    OrderNotFound or InvalidStateTransition.
    """
    if target not in _BY_OPERATOR:
        raise exception.Invalid(
            reason=_('an order is closed as cancelled or terminated'))
    event, reason, refund = _BY_OPERATOR[target]
    with db_api.writer() as session:
        order = transitions.lock_existing(session, order_id)
        close(session, order, event, reason, target, timeutils.utcnow(),
              refund=refund, actor=actor)
        return order.to_dict()


def refund_held(session, order, reason):
    """Owe back what an unpaid order received but never credited."""
    held = session.scalars(sa.select(models.Payment).where(
        models.Payment.order_id == order.id,
        models.Payment.status == base.CONFIRMED,
        models.Payment.credited_msat == 0)).all()
    for payment in held:
        db_payments.refund_add(session, order.id, payment.id,
                               payment.amount_msat, reason)


def expire_unpaid(order_id, now=None, actor=None):
    """Close an unpaid order whose payment requests all expired.

    What it received but could not credit (below the minimum purchase) is
    recorded as owed back, and the order moves to ``expired`` with its
    close reason; it then holds no capacity. Returns True if it expired the
    order, False if the order was paid meanwhile, is not unpaid, or still
    has a live request.
    """
    now = now or timeutils.utcnow()
    with db_api.writer() as session:
        order = transitions.lock(session, order_id)
        if order is None:
            return False
        return expire_locked(session, order, now, actor=actor)


def expire_locked(session, order, now, actor=None):
    """:func:`expire_unpaid` for an order the caller holds locked.

    When a request is still live, the order's deadline moves to the
    latest expiry and False is returned.
    """
    if order.state != states.AWAITING_PAYMENT:
        return False
    latest = session.scalar(sa.select(
        sa.func.max(models.PaymentRequest.expires_at)).where(
            models.PaymentRequest.order_id == order.id))
    if latest is not None and latest > now:
        order.state_deadline = latest
        return False
    refund_held(session, order, OWED_BELOW_MINIMUM)
    session.execute(sa.update(models.PaymentRequest).where(
        models.PaymentRequest.order_id == order.id,
        models.PaymentRequest.status == 'pending').values(status='expired'))
    transitions.transition(session, order, states.EXPIRE,
                           'payment request expired', actor=actor)
    order.close_reason = EXPIRED_UNPAID
    order.closed_at = now
    order.state_deadline = None
    return True


def still_wanted(order_ids):
    """Those of ``order_ids`` whose servers' resources are still wanted.

    An order's security group, floating IP and image are wanted while it
    is live, and while a closed order is still being cleaned up (it has a
    deadline).
    """
    return order_sweep.pending_orders(order_ids, states.LIVE)
