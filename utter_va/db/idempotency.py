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

"""Idempotency keys of buyers' POST requests.

A key is claimed before the request runs (a row with ``status_code`` 0), so
two concurrent requests with the same key can never both run; the answer is
stored when the request ends. Only the SHA-256 digest of a key is stored,
never the key: the API derives the key that seals secrets of an answer
from it. Keys older than their lifetime are purged (:func:`purge`).
"""

import hashlib

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models

PENDING = 0


def _digest(key):
    return hashlib.sha256(key.encode('utf-8')).hexdigest()


def claim(scope, key, request_hash, max_age, context=None):
    """Claim ``key`` in ``scope``; return None, or the existing row's dict.

    An existing row older than ``max_age`` seconds is forgotten and the key
    claimed afresh.
    """
    oldest = timeutils.utcnow() - timeutils.datetime.timedelta(
        seconds=max_age)
    with db_api.writer(context) as s:
        s.execute(sa.delete(models.IdempotencyKey).where(
            models.IdempotencyKey.scope == scope,
            models.IdempotencyKey.key == _digest(key),
            models.IdempotencyKey.created_at < oldest))
    try:
        with db_api.writer(context) as s:
            s.add(models.IdempotencyKey(
                scope=scope, key=_digest(key), request_hash=request_hash,
                status_code=PENDING, response_body=''))
        return None
    except db_exc.DBDuplicateEntry:
        with db_api.reader(context) as s:
            row = s.scalars(sa.select(models.IdempotencyKey).filter_by(
                scope=scope, key=_digest(key))).one_or_none()
            return row.to_dict() if row is not None else None


def store(scope, key, status_code, response_body, context=None):
    """Record the answer given to the request that claimed ``key``."""
    with db_api.writer(context) as s:
        s.execute(sa.update(models.IdempotencyKey).where(
            models.IdempotencyKey.scope == scope,
            models.IdempotencyKey.key == _digest(key)).values(
                status_code=status_code, response_body=response_body))


def release(scope, key, context=None):
    """Forget a claim whose request failed before it could answer."""
    with db_api.writer(context) as s:
        s.execute(sa.delete(models.IdempotencyKey).where(
            models.IdempotencyKey.scope == scope,
            models.IdempotencyKey.key == _digest(key),
            models.IdempotencyKey.status_code == PENDING))


def purge(max_age, context=None):
    """Forget every key older than ``max_age`` seconds; return how many."""
    oldest = timeutils.utcnow() - timeutils.datetime.timedelta(
        seconds=max_age)
    with db_api.writer(context) as s:
        return s.execute(sa.delete(models.IdempotencyKey).where(
            models.IdempotencyKey.created_at < oldest)).rowcount
