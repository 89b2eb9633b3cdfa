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

"""Named locks of the database server, held outside any transaction.

A named lock (MariaDB's ``GET_LOCK``, PostgreSQL's session advisory
locks) is held by a database session of its own: no row is locked and no
transaction stays open while it is held, so whoever only touches rows
never waits for it. It is released when its holder releases it or when
the holder's connection closes, so a process that dies holding it holds
it no more. With sqlite (one process) it is a lock of the process.
"""

import collections
import contextlib
import threading
import zlib

from oslo_log import log
import sqlalchemy as sa

from utter_va.db import api as db_api

LOG = log.getLogger(__name__)

_LOCAL = collections.defaultdict(threading.Lock)
_LOCAL_GUARD = threading.Lock()

_TAKE = {
    'mysql': ('SELECT GET_LOCK(:name, 0)', 'SELECT RELEASE_LOCK(:name)'),
    'postgresql': ('SELECT pg_try_advisory_lock(:key)',
                   'SELECT pg_advisory_unlock(:key)'),
}


@contextlib.contextmanager
def try_lock(name):
    """Try to take the lock ``name`` without waiting; yield whether taken.

    ``name`` is at most 64 characters (MariaDB's limit).
    """
    engine = db_api.get_engine()
    statements = _TAKE.get(engine.dialect.name)
    if statements is None:
        with _LOCAL_GUARD:
            lock = _LOCAL[name]
        taken = lock.acquire(blocking=False)
        try:
            yield taken
        finally:
            if taken:
                lock.release()
        return
    params = {'name': name, 'key': zlib.crc32(name.encode())}
    take, release = statements
    connection = engine.connect()
    try:
        taken = bool(connection.execute(sa.text(take), params).scalar())
        # NOTE: the lock belongs to the session, not to this transaction.
        connection.commit()
        try:
            yield taken
        finally:
            if taken:
                connection.execute(sa.text(release), params)
                connection.commit()
    except Exception:
        # NOTE: a connection that may still hold the lock is not given
        # back to the pool; closing it releases the lock.
        connection.invalidate()
        raise
    finally:
        connection.close()
