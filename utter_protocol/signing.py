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


"""Ed25519 keys and signed envelopes.

A cloud's identity is its key pair. The private key lives in a file only
its owner may read (mode 0600, PKCS#8 PEM) and is never sent anywhere; the
public key travels as the unpadded base64url of its 32 raw bytes. A
cloud's id is the SHA-256 of its first public key, in hex, so it names
the cloud for good across key rotations.

A signed envelope is ``{"document": {...}, "signature": "<base64url>"}``:
the signature covers the canonical bytes of the document (see
:mod:`utter_protocol.canonical`).
"""

import base64
import hashlib
import os

from cryptography import exceptions as crypto_exc
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization

from utter_protocol import canonical
from utter_protocol import errors


def b64encode(raw):
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode('ascii')


def b64decode(text):
    """Bytes of unpadded (or padded) base64url; ProtocolError if not."""
    if not isinstance(text, str):
        raise errors.ProtocolError('not base64url text')
    try:
        return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))
    except (ValueError, TypeError):
        raise errors.ProtocolError('not base64url text')


def generate(path):
    """Make a new private key in ``path`` (mode 0600); return it.

    Refuses to overwrite a file that exists.
    """
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'wb') as f:
        f.write(pem)
    return key


def load(path):
    """The private key of ``path``; ProtocolError if others may read it."""
    mode = os.stat(path).st_mode
    if mode & 0o077:
        raise errors.ProtocolError(
            '%s may be read by others (mode %o): chmod 600 it' % (
                path, mode & 0o777))
    with open(path, 'rb') as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise errors.ProtocolError('%s is not an Ed25519 key' % path)
    return key


def public_key(private_key):
    """The base64url public key of a private key."""
    return b64encode(private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def cloud_id(public):
    """The id of a cloud whose first public key is ``public``."""
    return hashlib.sha256(b64decode(public)).hexdigest()


def sign_bytes(private_key, data):
    """The base64url Ed25519 signature of ``data``."""
    return b64encode(private_key.sign(data))


def sign(private_key, document):
    """A signed envelope of ``document``."""
    return {'document': document,
            'signature': sign_bytes(private_key, canonical.dumps(document))}


def verify_bytes(public, data, signature):
    """Raise BadSignature unless ``signature`` of ``data`` is ``public``'s."""
    raw = b64decode(public)
    if len(raw) != 32:
        raise errors.BadSignature('a public key has 32 bytes')
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(
            b64decode(signature), data)
    except (crypto_exc.InvalidSignature, ValueError):
        raise errors.BadSignature('the signature is not the key\'s')


def verify(public, envelope):
    """The document of an envelope signed by ``public``, or BadSignature."""
    if not isinstance(envelope, dict) or set(envelope) != {
            'document', 'signature'}:
        raise errors.ProtocolError(
            'an envelope is {"document": ..., "signature": ...}')
    verify_bytes(public, canonical.dumps(envelope['document']),
                 envelope['signature'])
    return envelope['document']


def digest(value):
    """The hex SHA-256 of a JSON value's canonical bytes."""
    return hashlib.sha256(canonical.dumps(value)).hexdigest()


def order_hash(cloud, order_id):
    """How an order is named outside its cloud: not its id."""
    return hashlib.sha256(('%s:%s' % (cloud, order_id)).encode()).hexdigest()
