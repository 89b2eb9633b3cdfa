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

"""Where signed documents come in: every check, in the order of the API.

For a document (``POST /v1/documents``): the schema (400), the cloud known
(403) and approved (403), the signature by its current key (403), the
time (409), then the sequence (409, in the transaction of
:func:`utter_pool.db.documents.accept`). A join (``POST /v1/clouds``) is
signed by the key it carries. The protocol's errors are turned into the
pool's exceptions here and nowhere else; a refused document changes
nothing.

A document read from a followed pool's feed (:func:`federated`) goes
through the very same checks, with the key this pool holds for the cloud;
a cloud has one source, this pool itself (``via`` None) or one followed
pool, and only documents from that source are taken in for it.

A group's link (``POST /v1/groups``, ``POST /v1/groups/<id>/members``):
the schema (400), its cloud known and approved (403), the signature by
its current key (403), ``issued_at`` within the protocol's clock skew of
now (409), then the whole chain with it (:mod:`utter_pool.db.groups`).
A member's request to read a group (:func:`member`) that fails any check
is a 404, as an unknown group is.
"""


import json

from oslo_log import log
from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.db import documents as db_documents
from utter_pool.db import groups as db_groups
from utter_pool import exception
from utter_pool.i18n import _
from utter_protocol import documents
from utter_protocol import errors
from utter_protocol import groups
from utter_protocol import signing

LOG = log.getLogger(__name__)

_BY_CODE = {400: exception.Invalid, 403: exception.Forbidden,
            409: exception.Conflict}
#: How far a link's issued_at may be from the pool's now, seconds.
LINK_WINDOW = documents.CLOCK_SKEW


def _translated(exc):
    return _BY_CODE.get(exc.code, exception.Invalid)(reason=exc.reason)


def _json(body):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise exception.Invalid(reason=_('The body is not JSON.'))


def parse(body):
    """The envelope of a request body, checked against the protocol."""
    envelope = _json(body)
    try:
        return envelope, documents.check(envelope)
    except errors.ProtocolError as exc:
        raise _translated(exc)


def join(body, conf, now=None):
    """Take in a join request; return (cloud dict, created)."""
    envelope, document = parse(body)
    if document['kind'] != documents.JOIN:
        raise exception.Invalid(reason=_(
            'kind: POST /v1/clouds takes a join document.'))
    return _join(envelope, document, now or timeutils.utcnow(),
                 conf.pool.auto_approve, None)


def _join(envelope, document, now, approve, via):
    try:
        documents.verified(envelope, None)
        documents.check_time(document, now)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    cloud, created = db_clouds.join(document, envelope, now, approve, via)
    if created:
        LOG.info('Cloud %s (%s) joined%s: %s', cloud['id'], cloud['name'],
                 ' via %s' % via if via else '', cloud['status'])
    return cloud, created


def document(body, conf, limiter=None, now=None):
    """Take in a cloud's signed document; return what was accepted."""
    envelope, document = parse(body)
    if document['kind'] == documents.JOIN:
        raise exception.Invalid(reason=_(
            'kind: a join goes to POST /v1/clouds.'))
    return _document(envelope, document, conf, now or timeutils.utcnow(),
                     None, limiter)


def federated(envelope, conf, via, now=None):
    """Take in an envelope read from the feed of the pool ``via``.

    Nothing of what the followed pool says about it is trusted: the
    schema, size, signature, time and sequence are checked here as for a
    document sent to this pool. A join is approved on arrival only if
    ``via`` is in ``[federation] trusted``. Returns what was accepted;
    raises the pool's exceptions as :func:`document` does.
    """
    now = now or timeutils.utcnow()
    try:
        document = documents.check(envelope)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    if document['kind'] == documents.JOIN:
        trusted = {url.rstrip('/') for url in conf.federation.trusted}
        cloud, created = _join(envelope, document, now, via in trusted, via)
        if cloud.get('via') != via:
            raise exception.Forbidden(reason=_(
                'Cloud %s is not listed through this pool.') % cloud['id'])
        return {'accepted': created, 'kind': documents.JOIN,
                'cloud': cloud['id'], 'status': cloud['status']}
    return _document(envelope, document, conf, now, via, None)


def _document(envelope, document, conf, now, via, limiter):
    cloud_id = document['cloud']
    key = _signed_by_approved(envelope, cloud_id, via)
    if limiter is not None:
        limiter.hit(cloud_id)
    try:
        documents.check_time(document, now)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    accepted = db_documents.accept(document, envelope, key, now,
                                   conf.pool.reliability_window, via)
    LOG.debug('Accepted %s %d of cloud %s%s', document['kind'],
              document['sequence'], cloud_id, ' via %s' % via if via else '')
    return accepted


def _signed_by_approved(envelope, cloud_id, via):
    """The key of an approved cloud of source ``via`` that signed; or 403.

    ``via`` is None for a cloud that joined this pool itself.
    """
    try:
        cloud = db_clouds.get(cloud_id)
    except exception.NotFound:
        raise exception.Forbidden(reason=_('Unknown cloud %s.') % cloud_id)
    if cloud['via'] != via:
        raise exception.Forbidden(reason=_(
            'Cloud %s is not listed through this pool.') % cloud_id)
    if cloud['status'] != db_clouds.APPROVED:
        raise exception.Forbidden(
            reason=_('Cloud %(cloud)s is %(status)s.') % {
                'cloud': cloud_id, 'status': cloud['status']})
    key = db_clouds.current_keys([cloud_id]).get(cloud_id)
    try:
        signing.verify(key, envelope)
    except errors.ProtocolError as exc:
        raise exception.Forbidden(reason=_(
            'The signature is not by the current key of cloud %s.') %
            cloud_id) from exc
    return key


def _link(body, kinds, limiter, now):
    envelope = _json(body)
    try:
        document = groups.check(envelope, kinds)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    key = _signed_by_approved(envelope, document['cloud'], None)
    if limiter is not None:
        limiter.hit(document['cloud'])
    age = (now - documents.parse_time(document['issued_at'])).total_seconds()
    if abs(age) > LINK_WINDOW:
        raise exception.Conflict(reason=_(
            'issued_at: more than %d s from now.') % LINK_WINDOW)
    return envelope, document, key


def group_create(body, conf, limiter=None, now=None):
    """Take in a group's create link; return what was made."""
    now = now or timeutils.utcnow()
    envelope, document, key = _link(body, (groups.CREATE,), limiter, now)
    try:
        made = db_groups.create(envelope, now)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    LOG.info('Group %s created by cloud %s', made['group'],
             document['cloud'])
    return made


def group_link(group_id, body, conf, limiter=None, now=None):
    """Take in the next link of a group's chain; return the new roster."""
    now = now or timeutils.utcnow()
    envelope, document, key = _link(body, groups.LINKS[1:], limiter, now)
    if document['group'] != group_id:
        raise exception.Invalid(reason=_(
            'group: the link names group %s.') % document['group'])
    try:
        accepted = db_groups.append(group_id, envelope, key, now)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    LOG.info('Group %s: %s %d by cloud %s', group_id, document['kind'],
             document['sequence'], document['cloud'])
    return accepted


def member(group_id, header, now=None):
    """The cloud id of a fresh member request of a current member.

    Anything else (no header, a bad, stale or forged request, a cloud
    that is not approved or not a member, an unknown group) is the same
    404 as an unknown group, so nobody learns which groups exist.
    """
    unknown = exception.NotFound(what=_('Group'), id=group_id)
    if not header:
        raise unknown
    try:
        envelope = groups.decode(header)
        cloud_id = groups.check(envelope, (groups.MEMBER_REQUEST,))['cloud']
        key = db_clouds.current_keys([cloud_id]).get(cloud_id)
        groups.check_member_request(envelope, {cloud_id: key}, group_id,
                                    groups.READ, now or timeutils.utcnow())
    except errors.ProtocolError:
        raise unknown
    try:
        if db_clouds.get(cloud_id)['status'] != db_clouds.APPROVED:
            raise unknown
    except exception.NotFound:
        raise unknown
    if not db_groups.is_member(group_id, cloud_id):
        raise unknown
    return cloud_id
