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

"""Payment requests, payments and refunds in the database.

A refund is ``owed`` until it is settled; one whose payment was reversed
before it was settled is ``void``. Refund rows are never deleted: a voided
or reduced amount stays on record.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception

OWED = 'owed'
VOID = 'void'


def request_create(values, context=None):
    """Record a payment request of a driver; return it as a dict."""
    with db_api.writer(context) as s:
        request = models.PaymentRequest(**values)
        s.add(request)
        s.flush()
        return request.to_dict()


def requests_forget_unpaid(request_ids, context=None):
    """Delete the requests of ``request_ids`` that nothing was paid to.

    A request with money received, or a payment recorded, is kept.
    Returns how many were deleted.
    """
    if not request_ids:
        return 0
    paid = sa.select(models.Payment.id).where(
        models.Payment.payment_request_id == models.PaymentRequest.id)
    with db_api.writer(context) as s:
        return s.execute(sa.delete(models.PaymentRequest).where(
            models.PaymentRequest.id.in_(request_ids),
            models.PaymentRequest.received_msat == 0,
            ~paid.exists())).rowcount


def request_get(driver, external_id, context=None):
    """Return a payment request by driver and external id, or raise."""
    with db_api.reader(context) as s:
        request = s.scalars(sa.select(models.PaymentRequest).filter_by(
            driver=driver, external_id=external_id)).one_or_none()
        if request is None:
            raise exception.PaymentRequestNotFound(driver=driver,
                                                   request_id=external_id)
        return request.to_dict()


def requests_of_order(order_id, context=None):
    """Return the payment requests of an order, oldest first."""
    with db_api.reader(context) as s:
        return [r.to_dict() for r in s.scalars(
            sa.select(models.PaymentRequest).filter_by(order_id=order_id)
            .order_by(models.PaymentRequest.id))]


def payments_of_order(order_id, context=None):
    """Return the payments recorded for an order, oldest first."""
    with db_api.reader(context) as s:
        return [p.to_dict() for p in s.scalars(
            sa.select(models.Payment).filter_by(order_id=order_id)
            .order_by(models.Payment.id))]


def refunds_owed(context=None):
    """Return what is owed back, per order, as dicts."""
    with db_api.reader(context) as s:
        return [r.to_dict() for r in s.scalars(
            sa.select(models.Refund).filter_by(status=OWED)
            .order_by(models.Refund.order_id, models.Refund.id))]


def refund_add(session, order_id, payment_id, amount_msat, reason):
    """Record an amount owed back, inside the caller's transaction."""
    if amount_msat > 0:
        session.add(models.Refund(order_id=order_id, payment_id=payment_id,
                                  amount_msat=amount_msat, reason=reason,
                                  created_at=timeutils.utcnow()))


def refunds_void(session, payment_id):
    """Void what is still owed back for one payment; return its msat.

    Inside the caller's transaction, which holds the payment's order.
    """
    voided = 0
    for refund in session.scalars(sa.select(models.Refund).filter_by(
            payment_id=payment_id, status=OWED)):
        refund.status = VOID
        voided += refund.amount_msat
    return voided


def refunds_reduce(session, order_id, amount_msat):
    """Owe up to ``amount_msat`` less of an order's unused time.

    The refunds of an order that name no payment (the unused paid time
    owed back when it closed) are voided, and what remains of them once
    ``amount_msat`` is taken off is owed anew, with the same reason.
    Returns the msat no longer owed. Inside the caller's transaction.
    """
    left = amount_msat
    for refund in session.scalars(sa.select(models.Refund).where(
            models.Refund.order_id == order_id,
            models.Refund.payment_id.is_(None),
            models.Refund.status == OWED).order_by(models.Refund.id)).all():
        if left <= 0:
            break
        taken = min(left, refund.amount_msat)
        refund.status = VOID
        refund_add(session, order_id, None, refund.amount_msat - taken,
                   refund.reason)
        left -= taken
    return amount_msat - left


def cursor_get(driver, name, context=None):
    """The value a payment driver stored under ``name``, or None."""
    with db_api.reader(context) as s:
        row = s.get(models.DriverCursor, (driver, name))
        return row.value if row else None


def cursor_set(driver, name, value, only_if_greater=False, context=None):
    """Store a driver's cursor; with ``only_if_greater`` it never goes back.

    ``only_if_greater`` compares the values as integers.
    """
    with db_api.writer(context) as s:
        row = s.get(models.DriverCursor, (driver, name))
        if row is None:
            s.add(models.DriverCursor(driver=driver, name=name,
                                      value=str(value)))
        elif not only_if_greater or int(row.value) < int(value):
            row.value = str(value)
