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

"""The cursors of the followed pools' feeds: reserve, read, release.

Several follower processes may run over one database. Each poll of a
followed pool first reserves its cursor row with one conditional
``UPDATE`` (a lease: holder and expiry), reads the feed and takes the
documents in with no lock held, then moves the cursor and releases the
lease in a second ``UPDATE`` that only the holder's id matches. No row
lock is held over the HTTP request, and a follower that dies leaves a
lease that simply expires. Taking a document in twice would change
nothing anyway (its sequence is no longer above the last), so the lease
saves work rather than guarding correctness.
"""

import datetime
import hashlib

from oslo_db import exception as db_exc
import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import models

_C = models.FederationCursor


def cursor_id(url):
    """The id of a followed pool's cursor: the hex SHA-256 of its URL."""
    return hashlib.sha256(url.encode('utf-8')).hexdigest()


def _ensure(url):
    with db_api.reader() as session:
        if session.get(_C, cursor_id(url)) is not None:
            return
    try:
        with db_api.writer() as session:
            session.add(_C(id=cursor_id(url), url=url, last_seq=0,
                           accepted=0, refused=0))
    except db_exc.DBDuplicateEntry:
        pass


def reserve(url, holder, now, lease_seconds):
    """The cursor's ``last_seq`` if ``holder`` got the lease, else None."""
    _ensure(url)
    with db_api.writer() as session:
        reserved = session.execute(
            sa.update(_C)
            .where(_C.id == cursor_id(url),
                   sa.or_(_C.lease_until.is_(None), _C.lease_until < now,
                          _C.lease_holder == holder))
            .values(lease_holder=holder, lease_until=now +
                    datetime.timedelta(seconds=lease_seconds)))
        if reserved.rowcount != 1:
            return None
        return session.get(_C, cursor_id(url)).last_seq


def release(url, holder, last_seq, accepted, refused, now, error=None):
    """Move the cursor on (never back) and end the lease; False if lost."""
    with db_api.writer() as session:
        moved = session.execute(
            sa.update(_C)
            .where(_C.id == cursor_id(url), _C.lease_holder == holder)
            .values(last_seq=sa.case((_C.last_seq < last_seq, last_seq),
                                     else_=_C.last_seq),
                    accepted=_C.accepted + accepted,
                    refused=_C.refused + refused, polled_at=now,
                    last_error=error, lease_holder=None, lease_until=None))
        return moved.rowcount == 1


def get_all():
    """Every cursor as a dict, by URL."""
    with db_api.reader() as session:
        return [c.to_dict() for c in session.scalars(
            sa.select(_C).order_by(_C.url))]
