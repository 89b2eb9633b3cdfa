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

"""Joining a pool, rotating this cloud's key, leaving: the operator's acts.

``utter-va-manage pool join|rotate-key|leave`` run these. Each sends one
signed document and records what the pool answered
(:mod:`utter_va.db.marketplace`); the private key never leaves its file.
"""

import os
import time

from oslo_log import log

from utter_protocol import documents
from utter_protocol import signing

from utter_va import conf
from utter_va.db import marketplace as db_marketplace
from utter_va import exception
from utter_va.i18n import _
from utter_va.marketplace import client as pool_client
from utter_va.marketplace import identity

CONF = conf.CONF
LOG = log.getLogger(__name__)


def _sequence():
    return int(time.time() * 1000000)


def pool_url(url=None):
    """The pool to talk to: ``url``, ``[pool] url``, or the one joined."""
    url = url or CONF.pool.url or (db_marketplace.documents().get(
        documents.JOIN) or {}).get('pool_url')
    if not url:
        raise exception.Invalid(reason=_(
            'which pool? Give its URL, or set [pool] url'))
    if not url.startswith(('https://', 'http://')):
        raise exception.Invalid(reason=_('a pool URL is http(s)://...'))
    return url.rstrip('/')


def join(url=None):
    """Join the pool: make the key if missing, send the join document.

    Returns {cloud, status, pool_url, key_created}.
    """
    url = pool_url(url)
    if not CONF.pool.country:
        raise exception.Invalid(reason=_(
            '[pool] country is required to join a pool (ISO 3166-1 '
            'alpha-2, e.g. FR)'))
    key, created = identity.create_or_load_key()
    envelope = identity.join_document(key)
    cloud = envelope['document']['cloud']
    try:
        _status, answer = pool_client.get(url).join(envelope)
    except pool_client.PoolError as exc:
        db_marketplace.document_failed(documents.JOIN, cloud, url, '%s %s' % (
            exc.status or 'no answer', exc.reason))
        raise
    status = answer.get('status') or 'unknown'
    if answer.get('cloud') not in (None, cloud):
        LOG.warning('The pool names this cloud %s, not %s', answer['cloud'],
                    cloud)
    db_marketplace.document_accepted(
        documents.JOIN, cloud, url, document=signing.digest(
            envelope['document']), pool_status=status)
    return {'cloud': cloud, 'status': status, 'pool_url': url,
            'key_created': created}


def _send(kind, url, cloud, envelope, pool_status=None):
    try:
        _status, answer = pool_client.get(url).publish(envelope)
    except pool_client.PoolError as exc:
        db_marketplace.document_failed(kind, cloud, url, '%s %s' % (
            exc.status or 'no answer', exc.reason))
        raise
    db_marketplace.document_accepted(
        kind, cloud, url, envelope['document']['sequence'],
        answer.get('document') or signing.digest(envelope['document']),
        pool_status=pool_status)
    return answer


def rotate_key(url=None):
    """Replace this cloud's key: the new one is signed by the old one.

    The new key is made in ``<key_file>.new`` (kept if the pool could not
    be reached, so that trying again sends the same key); once the pool
    accepted it, the old key is kept as ``<key_file>.old`` and the new one
    replaces the key file in one rename. Returns {cloud, public_key}.
    """
    url = pool_url(url)
    path = CONF.pool.key_file
    old = identity.load_key(path)
    cloud = identity.cloud_id(old)
    new_path = path + '.new'
    if os.path.lexists(new_path):
        new = identity.load_key(new_path)
    else:
        new = signing.generate(new_path)
    envelope = documents.rotation(cloud, _sequence(), old, new)
    try:
        _send(documents.ROTATE_KEY, url, cloud, envelope)
    except pool_client.PoolError as exc:
        if exc.status is not None and exc.status < 500 and exc.status != 429:
            os.unlink(new_path)
        raise
    old_path = path + '.old'
    if os.path.lexists(old_path):
        os.unlink(old_path)
    os.link(path, old_path)
    os.replace(new_path, path)
    return {'cloud': cloud, 'public_key': signing.public_key(new),
            'pool_url': url}


def leave(url=None):
    """Leave the pool. Returns {cloud, pool_url}."""
    url = pool_url(url)
    key = identity.load_key()
    cloud = identity.cloud_id(key)
    envelope = signing.sign(key, documents.base(
        documents.LEAVE, cloud, sequence=_sequence()))
    _send(documents.LEAVE, url, cloud, envelope, pool_status='left')
    return {'cloud': cloud, 'pool_url': url}
