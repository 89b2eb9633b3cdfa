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

"""A cloud's reliability, from the order events it reported.

Over the last ``[pool] reliability_window`` days:

``orders_paid``
    The orders (distinct order hashes) with a ``paid`` event in the window.
``active_share``
    Of those, the share with an ``active`` event.
``median_seconds_to_active``
    The median of (``active`` at - ``paid`` at) over those.
``failure_share`` and ``paid_time_over_share``
    Of those that closed (a ``failed`` or ``terminated`` event), the share
    that failed, and the share terminated because their paid time was
    over (close reason ``paid_time_over``).

The figures are computed again whenever the cloud's offers (its
heartbeat) or events are accepted, so they follow the sliding window, and
stored for the search to filter and sort on.
"""

import datetime
import statistics

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import models

PAID_TIME_OVER = 'paid_time_over'
FIELDS = ('orders_paid', 'active_share', 'median_seconds_to_active',
          'failure_share', 'paid_time_over_share')


def figures(events):
    """The figures of some events: (order hash, state, at, close reason)."""
    by_order = {}
    for order, state, at, reason in events:
        by_order.setdefault(order, {})[state] = (at, reason)
    paid = {o: s for o, s in by_order.items() if 'paid' in s}
    active = [s for s in paid.values() if 'active' in s]
    delays = [(s['active'][0] - s['paid'][0]).total_seconds()
              for s in active]
    failed = [s for s in paid.values() if 'failed' in s]
    ended = [s for s in paid.values()
             if 'terminated' in s and 'failed' not in s]
    closed = len(failed) + len(ended)
    over = [s for s in ended if s['terminated'][1] == PAID_TIME_OVER]

    def share(part, whole):
        return round(part / whole, 6) if whole else None
    return {
        'orders_paid': len(paid),
        'active_share': share(len(active), len(paid)),
        'median_seconds_to_active': (
            float(statistics.median(delays)) if delays else None),
        'failure_share': share(len(failed), closed),
        'paid_time_over_share': share(len(over), closed),
    }


def compute(session, cloud_id, now, window_days):
    """Compute and store a cloud's figures, in the caller's transaction."""
    start = now - datetime.timedelta(days=window_days)
    paid_in_window = (
        sa.select(models.OrderEvent.order_hash)
        .where(models.OrderEvent.cloud_id == cloud_id,
               models.OrderEvent.state == 'paid',
               models.OrderEvent.at >= start))
    events = session.execute(
        sa.select(models.OrderEvent.order_hash, models.OrderEvent.state,
                  models.OrderEvent.at, models.OrderEvent.close_reason)
        .where(models.OrderEvent.cloud_id == cloud_id,
               models.OrderEvent.order_hash.in_(paid_in_window))).all()
    result = figures(events)
    row = session.get(models.Reliability, cloud_id)
    if row is None:
        row = models.Reliability(cloud_id=cloud_id)
        session.add(row)
    for name, value in result.items():
        setattr(row, name, value)
    row.computed_at = now
    session.flush()
    return result


def as_dict(row):
    """The public figures of a stored row (or of none: no orders yet)."""
    if row is None:
        return {'orders_paid': 0, 'active_share': None,
                'median_seconds_to_active': None, 'failure_share': None,
                'paid_time_over_share': None, 'computed_at': None}
    result = {name: getattr(row, name) for name in FIELDS}
    result['computed_at'] = row.computed_at
    return result


def get(cloud_id):
    """The stored figures of a cloud."""
    with db_api.reader() as session:
        return as_dict(session.get(models.Reliability, cloud_id))


def refresh(now, window_days):
    """Compute every approved cloud's figures again; return how many."""
    with db_api.writer() as session:
        ids = session.scalars(sa.select(models.Cloud.id).filter_by(
            status='approved')).all()
        for cloud_id in ids:
            compute(session, cloud_id, now, window_days)
        return len(ids)
