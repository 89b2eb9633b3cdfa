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

"""The marketplace's records: what the pool accepted, and event cursors.

The marketplace driver reads order changes from the transition log after
a cursor (a :class:`models.DriverCursor` row of driver ``marketplace``)
and records, per kind of document, what the pool last did with it
(:class:`models.MarketplaceDocument`), so that the API can show it.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models

CURSOR_DRIVER = 'marketplace'


def cursor_get(name, context=None):
    """The value of the marketplace's cursor ``name``, or None."""
    with db_api.reader(context) as s:
        row = s.get(models.DriverCursor, (CURSOR_DRIVER, name))
        return row.value if row is not None else None


def cursor_set(name, value, context=None):
    """Set the marketplace's cursor ``name`` to ``value`` (str)."""
    with db_api.writer(context) as s:
        row = s.get(models.DriverCursor, (CURSOR_DRIVER, name))
        if row is None:
            s.add(models.DriverCursor(driver=CURSOR_DRIVER, name=name,
                                      value=value))
        else:
            row.value = value


def cursor_advance(name, value, context=None):
    """Move the integer cursor ``name`` to ``value``, never back.

    Two engines may report the same changes; the one that is behind must
    not move the cursor back over what the other reported.
    """
    with db_api.writer(context) as s:
        row = s.get(models.DriverCursor, (CURSOR_DRIVER, name))
        if row is None:
            s.add(models.DriverCursor(driver=CURSOR_DRIVER, name=name,
                                      value=str(value)))
        elif int(row.value) < value:
            row.value = str(value)


def last_transition_id(context=None):
    """The id of the newest order transition (0 if none)."""
    with db_api.reader(context) as s:
        return s.scalar(sa.select(sa.func.coalesce(
            sa.func.max(models.OrderTransition.id), 0)))


def transitions_after(after_id, states, before, limit, context=None):
    """Order changes to ``states`` after ``after_id``, oldest first.

    Only those created before ``before`` (naive UTC), so that a change
    whose transaction is still open when a later one commits is not
    skipped over. Each is a dict: id, order_id, from_state, to_state,
    created_at, and the order's flavor_id and close_reason.
    """
    transition = models.OrderTransition
    order = models.Order
    query = (sa.select(transition.id, transition.order_id,
                       transition.from_state, transition.to_state,
                       transition.created_at, order.flavor_id,
                       order.close_reason)
             .join(order, order.id == transition.order_id)
             .where(transition.id > after_id,
                    transition.to_state.in_(list(states)),
                    transition.created_at < before)
             .order_by(transition.id).limit(limit))
    with db_api.reader(context) as s:
        return [dict(row._mapping) for row in s.execute(query)]


def last_change_before(after_id, before, context=None):
    """The newest transition id after ``after_id`` created before ``before``.

    Where the cursor may move when none of those changes is to report.
    """
    transition = models.OrderTransition
    with db_api.reader(context) as s:
        return s.scalar(sa.select(sa.func.max(transition.id)).where(
            transition.id > after_id, transition.created_at < before))


def _document_row(session, kind):
    row = session.get(models.MarketplaceDocument, kind)
    if row is None:
        row = models.MarketplaceDocument(kind=kind)
        session.add(row)
    return row


def document_accepted(kind, cloud, pool_url, sequence=None, document=None,
                      pool_status=None, context=None):
    """Record that the pool accepted a document of ``kind``."""
    now = timeutils.utcnow()
    with db_api.writer(context) as s:
        row = _document_row(s, kind)
        row.cloud, row.pool_url = cloud, pool_url
        row.sequence = sequence
        row.document = str(document)[:64] if document else None
        row.accepted_at = row.attempted_at = now
        row.last_error = row.last_error_at = None
        if pool_status is not None:
            row.pool_status = pool_status


def document_failed(kind, cloud, pool_url, error, pool_status=None,
                    context=None):
    """Record that a document of ``kind`` failed or was refused."""
    now = timeutils.utcnow()
    with db_api.writer(context) as s:
        row = _document_row(s, kind)
        row.cloud, row.pool_url = cloud, pool_url
        row.attempted_at = row.last_error_at = now
        row.last_error = error[:2000]
        if pool_status is not None:
            row.pool_status = pool_status


def documents(context=None):
    """{kind: the record of that kind, as a dict}."""
    with db_api.reader(context) as s:
        return {row.kind: row.to_dict() for row in s.scalars(
            sa.select(models.MarketplaceDocument))}
