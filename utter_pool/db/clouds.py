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

"""Clouds: joining, the operator's decisions, keys and what was accepted.

A cloud's row is locked (``SELECT ... FOR UPDATE``) by every transaction
that changes it or takes one of its documents in, so N API workers over
one database take a cloud's documents one at a time.
"""

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import feed
from utter_pool.db import models
from utter_pool import exception
from utter_pool.i18n import _

PENDING = 'pending'
APPROVED = 'approved'
REFUSED = 'refused'
SUSPENDED = 'suspended'
LEFT = 'left'
STATUSES = (PENDING, APPROVED, REFUSED, SUSPENDED, LEFT)

#: The fields of a join document a cloud may change while pending.
DESCRIPTIVE = ('name', 'description', 'region', 'country', 'latitude',
               'longitude', 'api_url', 'storefront_url')


def lock(session, cloud_id):
    """The cloud's row, locked until the transaction ends; or NotFound."""
    cloud = session.scalars(sa.select(models.Cloud).filter_by(id=cloud_id)
                            .with_for_update()).one_or_none()
    if cloud is None:
        raise exception.NotFound(what=_('Cloud'), id=cloud_id)
    return cloud


def join(document, envelope, now, auto_approve=False, via=None):
    """Take in a verified join document; return (cloud dict, created).

    A new cloud is pending (approved with ``auto_approve``) and remembers
    where it was learned (``via``: a followed pool's URL, or None). A
    known one changes only while pending, only its descriptive fields,
    and only from the source it was learned from.
    """
    fields = {name: document.get(name) for name in DESCRIPTIVE}
    fields['description'] = fields['description'] or ''
    with db_api.writer() as session:
        cloud = session.scalars(
            sa.select(models.Cloud).filter_by(id=document['cloud'])
            .with_for_update()).one_or_none()
        created = cloud is None
        if created:
            cloud = models.Cloud(
                id=document['cloud'], created_at=now, updated_at=now,
                status=APPROVED if auto_approve else PENDING, via=via,
                **fields)
            session.add(cloud)
            session.add(models.CloudKey(
                cloud_id=cloud.id, public_key=document['public_key'],
                valid_from=now))
            session.flush()
        elif cloud.status == PENDING and cloud.via == via and any(
                getattr(cloud, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(cloud, name, value)
            cloud.updated_at = now
        else:
            return cloud.to_dict(), False
        feed.record(session, cloud.id, 'join', None, envelope, now)
        return cloud.to_dict(), created


def set_status(cloud_id, status, now):
    """The operator's decision on a cloud; its offers go unless approved."""
    if status not in STATUSES:
        raise exception.Invalid(reason=_('status: one of %s') %
                                ', '.join(STATUSES))
    with db_api.writer() as session:
        cloud = lock(session, cloud_id)
        cloud.status = status
        cloud.updated_at = now
        if status != APPROVED:
            remove_offers(session, cloud_id)
        return cloud.to_dict()


def remove_offers(session, cloud_id):
    """Delete every offer of a cloud (inside the caller's transaction)."""
    offer_ids = sa.select(models.Offer.id).filter_by(cloud_id=cloud_id)
    session.execute(sa.delete(models.OfferImage).where(
        models.OfferImage.offer_id.in_(offer_ids)))
    session.execute(sa.delete(models.Offer).filter_by(cloud_id=cloud_id))


def get(cloud_id):
    """One cloud as a dict, or NotFound."""
    with db_api.reader() as session:
        cloud = session.get(models.Cloud, cloud_id)
        if cloud is None:
            raise exception.NotFound(what=_('Cloud'), id=cloud_id)
        return cloud.to_dict()


def get_all(status=None):
    """Every cloud (of one status), oldest first."""
    with db_api.reader() as session:
        query = sa.select(models.Cloud).order_by(models.Cloud.created_at,
                                                 models.Cloud.id)
        if status:
            query = query.filter_by(status=status)
        return [c.to_dict() for c in session.scalars(query)]


def current_key(session, cloud_id):
    """The public key the cloud signs with now, or None."""
    return session.scalars(
        sa.select(models.CloudKey.public_key)
        .filter_by(cloud_id=cloud_id, valid_until=None)).first()


def current_keys(cloud_ids):
    """{cloud id: current public key} of some clouds."""
    with db_api.reader() as session:
        rows = session.execute(
            sa.select(models.CloudKey.cloud_id, models.CloudKey.public_key)
            .where(models.CloudKey.cloud_id.in_(list(cloud_ids)),
                   models.CloudKey.valid_until.is_(None)))
        return dict(rows.all())


def keys(cloud_id):
    """Every public key of a cloud, oldest first."""
    with db_api.reader() as session:
        rows = session.scalars(
            sa.select(models.CloudKey).filter_by(cloud_id=cloud_id)
            .order_by(models.CloudKey.id))
        return [{'key': k.public_key, 'valid_from': k.valid_from,
                 'valid_until': k.valid_until} for k in rows]


def last_accepted(cloud_id):
    """{kind: {sequence, accepted_at, document}} of a cloud."""
    with db_api.reader() as session:
        rows = session.scalars(
            sa.select(models.CloudSequence).filter_by(cloud_id=cloud_id))
        return {r.kind: {'sequence': r.sequence,
                         'accepted_at': r.accepted_at,
                         'document': r.document_id} for r in rows}
