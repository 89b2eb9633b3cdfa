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


"""Groups: their chains of signed links, kept as the clouds signed them.

The pool is only the chain's store. A new link is taken in with the
group's row locked (``SELECT ... FOR UPDATE``), and the whole chain with
it is verified again by the protocol's own
:func:`utter_protocol.groups.roster`, with the keys this pool holds for the
clouds; the members it stores are what that function returned. A link
the chain refuses raises the protocol's error, and the transaction rolls
back: nothing changes.
"""

import json

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import clouds
from utter_pool.db import models
from utter_pool import exception
from utter_pool.i18n import _
from utter_protocol import canonical
from utter_protocol import groups as protocol
from utter_protocol import signing


def _keys(session, cloud_ids):
    """{cloud id: [every public key]} of some clouds."""
    keys = {}
    for cloud_id, key in session.execute(
            sa.select(models.CloudKey.cloud_id, models.CloudKey.public_key)
            .where(models.CloudKey.cloud_id.in_(sorted(cloud_ids)))
            .order_by(models.CloudKey.id)):
        keys.setdefault(cloud_id, []).append(key)
    return keys


def _link(group_id, sequence, document, envelope, now):
    return models.GroupLink(
        group_id=group_id, sequence=sequence, cloud_id=document['cloud'],
        kind=document['kind'], document_id=signing.digest(envelope),
        envelope=canonical.dumps(envelope).decode('utf-8'), accepted_at=now)


def _result(group, kind, members):
    return {'group': group.id, 'kind': kind, 'sequence': group.length - 1,
            'head': group.head, 'owner': group.owner_id,
            'members': sorted(members)}


def create(envelope, now):
    """Store a new group of a verified create envelope; what was made."""
    document = envelope['document']
    with db_api.writer() as session:
        # NOTE: the creator's row lock makes two copies of one create
        # (the same cloud's) wait for each other: one 201, one 409.
        clouds.lock(session, document['cloud'])
        roster = protocol.roster(
            [envelope], _keys(session, {document['cloud']}))
        if session.get(models.Group, roster.group) is not None:
            raise exception.Conflict(reason=_('Group %s exists.') %
                                     roster.group)
        group = models.Group(
            id=roster.group, owner_id=roster.owner, name=roster.name,
            description=roster.description, length=1, head=roster.head,
            created_at=now, updated_at=now)
        session.add(group)
        session.flush()
        session.add(_link(group.id, 0, document, envelope, now))
        session.add(models.GroupMember(group_id=group.id,
                                       cloud_id=roster.owner))
        session.flush()
        return _result(group, document['kind'], roster.members)


def append(group_id, envelope, signed_by, now):
    """Append a link signed by ``signed_by``; raise unless the chain holds.

    Raises NotFound for an unknown group, Forbidden if ``signed_by`` is no
    longer its cloud's current key, Conflict if the link's sequence is
    not the next one, and the protocol's errors of the chain.
    """
    document = envelope['document']
    with db_api.writer() as session:
        group = session.scalars(
            sa.select(models.Group).filter_by(id=group_id)
            .with_for_update()).one_or_none()
        if group is None:
            raise exception.NotFound(what=_('Group'), id=group_id)
        current = session.scalars(
            sa.select(models.CloudKey.public_key)
            .filter_by(cloud_id=document['cloud'], valid_until=None)).first()
        if current != signed_by:
            raise exception.Forbidden(
                reason=_('The link is not signed by the current key of '
                         'cloud %s.') % document['cloud'])
        if document['sequence'] != group.length:
            raise exception.Conflict(reason=_(
                'sequence: %(sequence)d, the next link is %(next)d.') % {
                    'sequence': document['sequence'], 'next': group.length})
        links = session.scalars(
            sa.select(models.GroupLink).filter_by(group_id=group_id)
            .order_by(models.GroupLink.sequence)).all()
        chain = [json.loads(link.envelope) for link in links]
        chain.append(envelope)
        clouds = {link.cloud_id for link in links} | {document['cloud']}
        roster = protocol.roster(chain, _keys(session, clouds))
        session.add(_link(group_id, group.length, document, envelope, now))
        session.execute(sa.delete(models.GroupMember).filter_by(
            group_id=group_id))
        for member in roster.members:
            session.add(models.GroupMember(group_id=group_id,
                                           cloud_id=member))
        group.owner_id = roster.owner
        group.length = roster.length
        group.head = roster.head
        group.updated_at = now
        session.flush()
        return _result(group, document['kind'], roster.members)


def is_member(group_id, cloud_id):
    """Whether a cloud is a current member of a group."""
    with db_api.reader() as session:
        return session.get(models.GroupMember,
                           (group_id, cloud_id)) is not None


def get(group_id):
    """A group as the pool computed it, with its members; or NotFound."""
    with db_api.reader() as session:
        group = session.get(models.Group, group_id)
        if group is None:
            raise exception.NotFound(what=_('Group'), id=group_id)
        members = session.scalars(
            sa.select(models.GroupMember.cloud_id).filter_by(
                group_id=group_id).order_by(models.GroupMember.cloud_id))
        view = group.to_dict()
        view['owner'] = view.pop('owner_id')
        view['members'] = list(members)
        return view


def chain(group_id):
    """The stored canonical JSON texts of a group's links, in order."""
    with db_api.reader() as session:
        return list(session.scalars(
            sa.select(models.GroupLink.envelope).filter_by(group_id=group_id)
            .order_by(models.GroupLink.sequence)))
