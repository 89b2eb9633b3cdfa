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

"""The payment ledger: payment events in, paid time out, exactly once.

Every event goes through :func:`apply_event`, whichever way it came
(webhook, poll, ``utter-va-manage payment simulate``). The rules:

* A payment is recorded once per driver and money key. The same payment
  delivered again, or under a new delivery id, changes nothing but its
  confirmations and status.
* Only a *confirmed* payment is credited. A *seen* payment is recorded and
  waits. An *invalid* or *reversed* one that was credited is taken back and
  recorded as a reversal. One that was never credited is recorded and
  credits nothing. Whatever was still owed back for it is void.
* A *reversed* payment confirmed again (its transaction mined again after
  a reorganisation) is credited again, once, or owed back in full if its
  order closed meanwhile. An *invalid* one stays invalid.
* Credit buys seconds at the order's own price, fixed when the order was
  made: ``seconds = msat * 3600 // price_msat_per_hour``.
* An unpaid order needs at least ``[payment] minimum_purchase_seconds`` of
  paid time. Less is held on the order, credited once enough arrives, and
  owed back if the request expires first
  (:func:`utter_va.orders.closing.expire_locked`).
* An order holds at most ``[payment] maximum_duration_seconds``. The rest
  of a payment is owed back. What a payment brings beyond its whole
  seconds (less than one second's price, from a payment of any amount
  such as LNURL-pay's) is kept with it, never owed back as dust.
* A payment to an order that is closed (terminated, failed, expired,
  cancelled) is recorded and owed back in full, never kept.
* The paid clock starts when the server becomes ACTIVE. An unpaid or
  booting order only accumulates ``credited_seconds``. For an active or
  suspended order, a top-up extends
  ``paid_until = max(now, paid_until) + seconds``.
"""

import datetime

from oslo_db import exception as db_exc
from oslo_log import log
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import states
from utter_va.orders import transitions
from utter_va.payment import base
from utter_va.payment import fake

CONF = conf.CONF
LOG = log.getLogger(__name__)

OWED_CLOSED = 'paid to a closed order'
OWED_OVER_MAXIMUM = 'beyond the maximum duration'


def seconds_for(amount_msat, price_msat_per_hour):
    """Paid seconds that ``amount_msat`` buys at a price per hour."""
    return amount_msat * 3600 // price_msat_per_hour


def msat_for(seconds, price_msat_per_hour):
    """The msat that ``seconds`` cost at a price per hour (rounded up)."""
    return -(-seconds * price_msat_per_hour // 3600)


def sendable_msat(order, least_msat=1):
    """(least, most) msat one payment of any amount may bring ``order``.

    For an order that is paid already (the top-up states): the least buys
    one whole second and is at least ``least_msat``; the most buys no more
    than the seconds still allowed by ``[payment]
    maximum_duration_seconds``, so nothing of it is owed back. least > most
    when the order holds the maximum already.
    """
    price = order['price_msat_per_hour']
    room = max(0, CONF.payment.maximum_duration_seconds -
               (order['credited_seconds'] or 0))
    return max(least_msat, msat_for(1, price)), room * price // 3600


def apply_event(driver, event, actor=None):
    """Apply one PaymentEvent of ``driver``; return the payment's dict.

    Raises PaymentRequestNotFound when the event names no request of
    ``driver``: a payment to an address or invoice utter-va never issued is
    not credited to anybody.
    """
    base.check_amount(event.amount_msat)
    request = db_payments.request_get(driver, event.request_id)
    try:
        return _apply(driver, event, request, actor)
    except db_exc.DBDuplicateEntry:
        # NOTE: a concurrent delivery of the same payment recorded it
        # first; apply again, as the update of a known payment.
        return _apply(driver, event, request, actor)


def _apply(driver, event, request, actor):
    with db_api.writer() as s:
        order = transitions.lock_existing(s, request['order_id'])
        payment = s.scalars(sa.select(models.Payment).filter_by(
            driver=driver, money_key=event.money_key)
            .with_for_update()).one_or_none()
        if payment is None:
            # NOTE: recorded as seen; the branch below confirms it, so that
            # a first confirmed delivery and a later one take the same path.
            payment = models.Payment(
                driver=driver, money_key=event.money_key,
                payment_request_id=request['id'], order_id=order.id,
                amount_msat=event.amount_msat, status=base.SEEN,
                confirmations=event.confirmations, credited_msat=0,
                credited_seconds=0)
            s.add(payment)
            s.flush()
            _received(s, request['id'], event.amount_msat)
        else:
            payment.confirmations = event.confirmations
        if event.status in (base.INVALID, base.REVERSED):
            if payment.status not in (base.INVALID, base.REVERSED):
                _reverse(s, order, payment, event.status)
        elif event.status == base.CONFIRMED and payment.status in (
                base.SEEN, base.REVERSED):
            if payment.status == base.REVERSED:
                LOG.warning('Payment %s of order %s, reversed, is confirmed '
                            'again', payment.money_key, order.id)
            payment.status = base.CONFIRMED
            _credit(s, order, payment, request, actor)
        s.flush()
        return payment.to_dict()


def _received(session, request_id, amount_msat):
    session.execute(
        sa.update(models.PaymentRequest)
        .where(models.PaymentRequest.id == request_id)
        .values(received_msat=models.PaymentRequest.received_msat +
                amount_msat))


def _credit(session, order, payment, request, actor):
    price = order.price_msat_per_hour
    if order.state in states.CLOSED:
        db_payments.refund_add(session, order.id, payment.id,
                               payment.amount_msat, OWED_CLOSED)
        LOG.info('Payment %s to closed order %s (%s) is owed back',
                 payment.money_key, order.id, order.state)
        return
    to_credit = [payment]
    if order.state == states.AWAITING_PAYMENT:
        held = session.scalars(sa.select(models.Payment).where(
            models.Payment.order_id == order.id,
            models.Payment.status == base.CONFIRMED,
            models.Payment.credited_msat == 0,
            models.Payment.id != payment.id)).all()
        total = payment.amount_msat + sum(p.amount_msat for p in held)
        if seconds_for(total, price) < CONF.payment.minimum_purchase_seconds:
            LOG.info('Order %s: %d msat received, below the minimum '
                     'purchase; held', order.id, total)
            return
        to_credit = held + [payment]
    room = max(0, CONF.payment.maximum_duration_seconds -
               order.credited_seconds)
    gained = 0
    for item in to_credit:
        bought = seconds_for(item.amount_msat, price)
        seconds = min(bought, room)
        credited = item.amount_msat if seconds == bought else min(
            item.amount_msat, msat_for(seconds, price))
        room -= seconds
        item.credited_msat = credited
        item.credited_seconds = seconds
        gained += seconds
        order.paid_msat += credited
        db_payments.refund_add(session, order.id, item.id,
                               item.amount_msat - credited,
                               OWED_OVER_MAXIMUM)
    order.credited_seconds += gained
    now = timeutils.utcnow()
    if order.state in states.RUNNING and gained:
        start = max(now, order.paid_until or now)
        order.paid_until = start + datetime.timedelta(seconds=gained)
    if order.state == states.AWAITING_PAYMENT:
        transitions.transition(session, order, states.PAY,
                               'payment %s' % payment.money_key, actor=actor)
    # NOTE: the engine looks at the order at once: boot it, or resume it.
    order.state_deadline = now
    LOG.info('Order %s credited %d s for payment %s', order.id, gained,
             payment.money_key)


def _reverse(session, order, payment, status):
    voided = db_payments.refunds_void(session, payment_id=payment.id)
    if order.state in states.CLOSED and payment.credited_msat:
        # NOTE: what a closed order owes back for its unused time was
        # counted from what it was paid, this payment included.
        voided += db_payments.refunds_reduce(
            session, order.id, payment.credited_msat)
    if voided:
        LOG.warning('Payment %s of order %s was %s: %d msat no longer owed '
                    'back', payment.money_key, order.id, status, voided)
    if payment.credited_seconds:
        order.paid_msat -= payment.credited_msat
        order.credited_seconds -= payment.credited_seconds
        if order.paid_until is not None:
            order.paid_until -= datetime.timedelta(
                seconds=payment.credited_seconds)
        LOG.warning('Payment %s of order %s was %s: %d s taken back',
                    payment.money_key, order.id, status,
                    payment.credited_seconds)
        if order.state not in states.CLOSED:
            order.state_deadline = timeutils.utcnow()
    payment.credited_msat = 0
    payment.credited_seconds = 0
    payment.status = base.REVERSED if status == base.REVERSED else (
        base.INVALID)
    payment.reversed_at = timeutils.utcnow()


def simulate_payment(order_id, sats, status=base.CONFIRMED, money_key=None):
    """Pay ``sats`` to an order's newest request of the fake driver.

    The event goes through :func:`apply_event`, as a processor's would.
    """
    requests = [r for r in db_payments.requests_of_order(order_id)
                if r['driver'] == fake.NAME]
    if not requests:
        raise exception.PaymentRequestNotFound(driver=fake.NAME,
                                               request_id=order_id)
    event = base.PaymentEvent(
        request_id=requests[-1]['external_id'],
        money_key=money_key or 'fake-%s' % uuidutils.generate_uuid(),
        amount_msat=base.check_amount(sats) * 1000,
        confirmations=1, status=status)
    return apply_event(fake.NAME, event, actor='simulate')
