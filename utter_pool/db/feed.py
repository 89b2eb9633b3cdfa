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

"""The accepted documents, numbered in commit order: the public feed.

Every accepted document is kept byte for byte (its canonical JSON) under
the hex SHA-256 of those bytes, and gets the next number of the feed. The
number comes from one counter row locked until the transaction commits,
so a document numbered n+1 is never visible before n: a follower reading
``since=n`` misses nothing.
"""

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import models
from utter_pool import exception
from utter_pool.i18n import _
from utter_protocol import canonical
from utter_protocol import signing

COUNTER_ID = 1


def record(session, cloud_id, kind, sequence, envelope, now):
    """Store an accepted envelope; return its document id.

    Call it last in the transaction: the counter's lock is held until
    the commit.
    """
    text = canonical.dumps(envelope)
    document_id = signing.digest(envelope)
    if session.get(models.Document, document_id) is not None:
        # NOTE: only a join can come again (it has no sequence).
        return document_id
    counter = session.scalars(
        sa.select(models.FeedCounter).filter_by(id=COUNTER_ID)
        .with_for_update()).one()
    counter.last += 1
    session.add(models.Document(
        id=document_id, seq=counter.last, cloud_id=cloud_id, kind=kind,
        sequence=sequence, envelope=text.decode('utf-8'), accepted_at=now))
    session.flush()
    return document_id


def get(document_id):
    """The canonical bytes of an accepted envelope, or NotFound."""
    with db_api.reader() as session:
        text = session.scalars(
            sa.select(models.Document.envelope).filter_by(
                id=document_id)).first()
        if text is None:
            raise exception.NotFound(what=_('Document'), id=document_id)
        return text.encode('utf-8')


def since(seq, limit):
    """The feed's entries after ``seq`` (exclusive), oldest first.

    Each entry's ``envelope`` is the stored canonical JSON text.
    """
    with db_api.reader() as session:
        rows = session.execute(
            sa.select(models.Document.seq, models.Document.cloud_id,
                      models.Document.kind, models.Document.envelope)
            .where(models.Document.seq > seq)
            .order_by(models.Document.seq).limit(limit))
        return [{'seq': r.seq, 'cloud': r.cloud_id, 'kind': r.kind,
                 'envelope': r.envelope} for r in rows]
