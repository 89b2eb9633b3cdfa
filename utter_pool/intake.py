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
"""

import json

from oslo_log import log
from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.db import documents as db_documents
from utter_pool import exception
from utter_pool.i18n import _
from utter_protocol import documents
from utter_protocol import errors
from utter_protocol import signing

LOG = log.getLogger(__name__)

_BY_CODE = {400: exception.Invalid, 403: exception.Forbidden,
            409: exception.Conflict}


def _translated(exc):
    return _BY_CODE.get(exc.code, exception.Invalid)(reason=exc.reason)


def parse(body):
    """The envelope of a request body, checked against the protocol."""
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise exception.Invalid(reason=_('The body is not JSON.'))
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
    try:
        documents.verified(envelope, None)
        documents.check_time(document, now or timeutils.utcnow())
    except errors.ProtocolError as exc:
        raise _translated(exc)
    cloud, created = db_clouds.join(document, envelope,
                                    now or timeutils.utcnow(),
                                    conf.pool.auto_approve)
    if created:
        LOG.info('Cloud %s (%s) joined: %s', cloud['id'], cloud['name'],
                 cloud['status'])
    return cloud, created


def document(body, conf, limiter=None, now=None):
    """Take in a cloud's signed document; return what was accepted."""
    envelope, document = parse(body)
    if document['kind'] == documents.JOIN:
        raise exception.Invalid(reason=_(
            'kind: a join goes to POST /v1/clouds.'))
    cloud_id = document['cloud']
    try:
        cloud = db_clouds.get(cloud_id)
    except exception.NotFound:
        raise exception.Forbidden(reason=_('Unknown cloud %s.') % cloud_id)
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
    if limiter is not None:
        limiter.hit(cloud_id)
    now = now or timeutils.utcnow()
    try:
        documents.check_time(document, now)
    except errors.ProtocolError as exc:
        raise _translated(exc)
    accepted = db_documents.accept(document, envelope, key, now,
                                   conf.pool.reliability_window)
    LOG.debug('Accepted %s %d of cloud %s', document['kind'],
              document['sequence'], cloud_id)
    return accepted
