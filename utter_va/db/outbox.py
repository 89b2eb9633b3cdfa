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

"""The transition log as an outbox, and the callbacks it fills."""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models


def publish_pending(publish, limit, context=None):
    """Hand each unpublished transition to ``publish`` once, oldest first.

    ``publish(session, transition, order)`` runs in the transaction that
    marks the transition published; rows another engine is publishing are
    skipped (FOR UPDATE SKIP LOCKED). Returns how many were published.
    """
    with db_api.writer(context) as s:
        rows = s.scalars(
            sa.select(models.OrderTransition)
            .where(models.OrderTransition.published_at.is_(None))
            .order_by(models.OrderTransition.id).limit(limit)
            .with_for_update(skip_locked=True)).all()
        now = timeutils.utcnow()
        for row in rows:
            publish(s, row, s.get(models.Order, row.order_id))
            row.published_at = now
        return len(rows)


def callback_add(session, order_id, transition_id, url, event_type, body):
    """Queue one callback delivery, inside the caller's transaction."""
    session.add(models.CallbackDelivery(
        order_id=order_id, transition_id=transition_id, url=url,
        event_type=event_type, body=body, status='pending', attempts=0,
        next_attempt_at=timeutils.utcnow()))


def callbacks_claim(limit, lease_seconds, max_attempts, busy_orders=(),
                    context=None):
    """Claim due deliveries for ``lease_seconds``; return them as dicts.

    At most one delivery per order is claimed, its oldest due one, and
    none of ``busy_orders`` (those the caller is still sending), so that
    one order's callbacks leave in order. A claim counts an attempt and
    moves ``next_attempt_at`` past the lease, so another engine only takes
    a delivery over if this one died while sending it. A due delivery
    that already had ``max_attempts`` tries (its engine died during the
    last one) is abandoned here, in the claim's transaction, and never
    sent again.
    """
    now = timeutils.utcnow()
    model = models.CallbackDelivery
    due = (model.status == 'pending', model.next_attempt_at <= now)
    with db_api.writer(context) as s:
        for row in s.scalars(
                sa.select(model).where(*due, model.attempts >= max_attempts)
                .with_for_update(skip_locked=True)):
            row.status = 'abandoned'
            row.last_error = ('%s; no outcome of attempt %d (its engine '
                              'stopped while sending)' %
                              (row.last_error or 'never answered',
                               row.attempts))
        heads = sa.select(sa.func.min(model.id)).where(
            *due, model.attempts < max_attempts).group_by(model.order_id)
        if busy_orders:
            heads = heads.where(model.order_id.not_in(list(busy_orders)))
        rows = s.scalars(
            sa.select(model).where(model.id.in_(heads))
            .order_by(model.next_attempt_at, model.id).limit(limit)
            .with_for_update(skip_locked=True)).all()
        claimed = []
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + datetime.timedelta(
                seconds=lease_seconds)
            claimed.append(dict(row.to_dict(), token_hash=s.scalar(
                sa.select(models.Order.token_hash).filter_by(
                    id=row.order_id))))
        return claimed


def callback_done(delivery_id, error=None, retry_at=None, context=None):
    """Record a delivery's outcome: delivered, to retry, or abandoned."""
    with db_api.writer(context) as s:
        row = s.get(models.CallbackDelivery, delivery_id)
        row.last_error = error
        if error is None:
            row.status = 'delivered'
            row.delivered_at = timeutils.utcnow()
        elif retry_at is None:
            row.status = 'abandoned'
        else:
            row.next_attempt_at = retry_at


def callbacks_of_order(order_id, context=None):
    """The callback deliveries of an order, oldest first."""
    with db_api.reader(context) as s:
        return [r.to_dict() for r in s.scalars(
            sa.select(models.CallbackDelivery).filter_by(order_id=order_id)
            .order_by(models.CallbackDelivery.id))]
