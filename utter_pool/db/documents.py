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

"""Taking in a cloud's verified document, in one transaction.

The caller (:mod:`utter_pool.intake`) has checked the schema, the time
and the signature, with no lock held. Here, with the cloud's row locked:
the cloud must still be approved and the key that signed still its
current one, the document must come from the cloud's source (this pool
or the followed pool it was learned from), and the sequence must be above
the last one accepted of that cloud and kind; then the document takes
effect and is recorded. Anything refused changes nothing.
"""

import datetime
import hashlib
import json

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import clouds
from utter_pool.db import feed
from utter_pool.db import models
from utter_pool.db import reliability
from utter_pool import exception
from utter_pool.i18n import _
from utter_protocol import documents as protocol
from utter_protocol import signing


def offer_id(cloud_id, flavor_id):
    """The id of a cloud's offer of a flavor: the same across heartbeats."""
    return hashlib.sha256(
        ('%s:%s' % (cloud_id, flavor_id)).encode()).hexdigest()[:32]


def accept(document, envelope, signed_by, now, reliability_days, via=None):
    """Apply an approved cloud's document; return what was accepted.

    ``via`` is the followed pool the document was read from (None when
    the cloud sent it here).
    """
    cloud_id, kind = document['cloud'], document['kind']
    sequence = document['sequence']
    with db_api.writer() as session:
        try:
            cloud = clouds.lock(session, cloud_id)
        except exception.NotFound:
            raise exception.Forbidden(reason=_('Unknown cloud %s.') %
                                      cloud_id)
        if cloud.status != clouds.APPROVED:
            raise exception.Forbidden(
                reason=_('Cloud %(cloud)s is %(status)s.') % {
                    'cloud': cloud_id, 'status': cloud.status})
        if cloud.via != via:
            raise exception.Forbidden(reason=_(
                'Cloud %s is not listed through this pool.') % cloud_id)
        if clouds.current_key(session, cloud_id) != signed_by:
            raise exception.Forbidden(
                reason=_('The document is not signed by the current key '
                         'of cloud %s.') % cloud_id)
        last = session.get(models.CloudSequence, (cloud_id, kind))
        if last is not None and sequence <= last.sequence:
            raise exception.Conflict(
                reason=_('sequence: %(sequence)d is not above %(last)d, '
                         'the last accepted.') % {
                    'sequence': sequence, 'last': last.sequence})
        document_id = signing.digest(envelope)
        _APPLY[kind](session, cloud, document, document_id, now)
        if kind in (protocol.OFFERS, protocol.EVENTS):
            reliability.compute(session, cloud_id, now, reliability_days)
        feed.record(session, cloud_id, kind, sequence, envelope, now)
        if last is None:
            last = models.CloudSequence(cloud_id=cloud_id, kind=kind)
            session.add(last)
        last.sequence = sequence
        last.document_id = document_id
        last.accepted_at = now
        return {'accepted': True, 'kind': kind, 'sequence': sequence,
                'document': document_id}


def _offers(session, cloud, document, document_id, now):
    clouds.remove_offers(session, cloud.id)
    expires_at = protocol.parse_time(document['expires_at'])
    if cloud.via is not None:
        # NOTE: a followed pool's feed may be read late; the heartbeat's
        # age is the cloud's, not the time this pool read it.
        now = min(now, protocol.parse_time(document['issued_at']))
    seen = set()
    for item in document['offers']:
        if item['flavor_id'] in seen:
            raise exception.Invalid(reason=_(
                'offers: flavor %s is offered twice.') % item['flavor_id'])
        seen.add(item['flavor_id'])
        offer = models.Offer(
            id=offer_id(cloud.id, item['flavor_id']), cloud_id=cloud.id,
            document_id=document_id, flavor_id=item['flavor_id'],
            flavor_name=item['flavor_name'], vcpus=item['vcpus'],
            ram_mb=item['ram_mb'], disk_gb=item['disk_gb'],
            images=json.dumps(item['images']),
            image_url=bool(item.get('image_url')),
            sats_per_hour=item['sats_per_hour'],
            units_available=item['units_available'],
            min_hours=item['min_hours'], max_hours=item['max_hours'],
            region=cloud.region, country=cloud.country, accepted_at=now,
            expires_at=expires_at)
        session.add(offer)
        for image in set(item['images']):
            session.add(models.OfferImage(offer_id=offer.id, image=image))
    session.flush()


def _events(session, cloud, document, document_id, now):
    hashes = {e['order'] for e in document['events']}
    known = set(session.execute(
        sa.select(models.OrderEvent.order_hash, models.OrderEvent.state)
        .where(models.OrderEvent.cloud_id == cloud.id,
               models.OrderEvent.order_hash.in_(hashes))).all())
    for event in document['events']:
        key = (event['order'], event['state'])
        if key in known:
            continue
        known.add(key)
        at = protocol.parse_time(event['at'])
        if at > now + datetime.timedelta(seconds=protocol.CLOCK_SKEW):
            raise exception.Conflict(reason=_(
                'events: an event of order %s is in the future.') %
                event['order'])
        session.add(models.OrderEvent(
            cloud_id=cloud.id, order_hash=event['order'],
            state=event['state'], at=at,
            flavor_id=event.get('flavor_id'),
            close_reason=event.get('close_reason'),
            document_id=document_id))
    session.flush()


def _rotate_key(session, cloud, document, document_id, now):
    new_key = document['public_key']
    if session.scalars(sa.select(models.CloudKey.id).filter_by(
            public_key=new_key)).first() is not None:
        raise exception.Conflict(reason=_(
            'public_key: this key was already used.'))
    session.execute(
        sa.update(models.CloudKey)
        .where(models.CloudKey.cloud_id == cloud.id,
               models.CloudKey.valid_until.is_(None))
        .values(valid_until=now))
    session.add(models.CloudKey(cloud_id=cloud.id, public_key=new_key,
                                valid_from=now))
    session.flush()


def _leave(session, cloud, document, document_id, now):
    cloud.status = clouds.LEFT
    cloud.updated_at = now
    clouds.remove_offers(session, cloud.id)


_APPLY = {
    protocol.OFFERS: _offers,
    protocol.EVENTS: _events,
    protocol.ROTATE_KEY: _rotate_key,
    protocol.LEAVE: _leave,
}
