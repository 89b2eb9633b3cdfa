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

"""This cloud's identity at a pool: its key file, its id, its join.

The private key lives in ``[pool] key_file`` (mode 0600) and never leaves
it: only public keys and signatures are sent. The cloud's id is the
SHA-256 of its first public key, so it is recorded when the cloud joins
and kept across key rotations.
"""

import os
import socket
import stat

from utter_protocol import documents
from utter_protocol import errors as protocol_errors
from utter_protocol import signing

from utter_va import conf
from utter_va.conf import api as api_conf
from utter_va.db import marketplace as db_marketplace
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF


class KeyFileError(exception.UtterVaException):
    """The key file cannot be used."""

    msg_fmt = _('Key file %(path)s: %(reason)s')
    code = 500


def load_key(path=None):
    """The private key of ``[pool] key_file``; KeyFileError if unusable."""
    path = path or CONF.pool.key_file
    try:
        return signing.load(path)
    except FileNotFoundError:
        raise KeyFileError(path=path, reason=_(
            'no such file: join a pool first (utter-va-manage pool join)'))
    except (OSError, ValueError, protocol_errors.ProtocolError) as exc:
        raise KeyFileError(path=path, reason=str(exc))


def create_or_load_key(path=None):
    """(key, created): the key of the key file, made first if missing.

    A key file others may read is refused, never used nor replaced.
    """
    path = path or CONF.pool.key_file
    if os.path.exists(path):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            raise KeyFileError(path=path, reason=_(
                'others may read it (mode %o): chmod 600 it') % mode)
        return load_key(path), False
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    try:
        return signing.generate(path), True
    except OSError as exc:
        raise KeyFileError(path=path, reason=str(exc))


def cloud_id(key=None):
    """This cloud's id: as it joined, else the one its key makes."""
    record = db_marketplace.documents().get(documents.JOIN)
    if record and record.get('cloud'):
        return record['cloud']
    key = key or load_key()
    return signing.cloud_id(signing.public_key(key))


def storefront_url():
    """Where the pool sends buyers: [pool] storefront_url or the API's."""
    return CONF.pool.storefront_url or (
        api_conf.public_url(CONF) + '/store/')


def join_document(key):
    """The signed join envelope of this cloud, from ``[pool]``."""
    public = signing.public_key(key)
    fields = {
        'public_key': public,
        'name': CONF.pool.name or socket.gethostname(),
        'description': CONF.pool.description or '',
        'region': CONF.pool.region or '',
        'country': CONF.pool.country,
        'api_url': api_conf.public_url(CONF) + '/',
        'storefront_url': storefront_url(),
    }
    if CONF.pool.latitude is not None:
        fields['latitude'] = CONF.pool.latitude
    if CONF.pool.longitude is not None:
        fields['longitude'] = CONF.pool.longitude
    if not fields['country']:
        raise exception.Invalid(reason=_(
            '[pool] country is required to join a pool (ISO 3166-1 '
            'alpha-2, e.g. FR)'))
    envelope = signing.sign(key, documents.base(
        documents.JOIN, signing.cloud_id(public), **fields))
    try:
        documents.check(envelope)
    except protocol_errors.ProtocolError as exc:
        raise exception.Invalid(reason=_('the join document: %s') %
                                exc.reason)
    return envelope
