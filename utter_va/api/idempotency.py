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

"""The Idempotency-Key header of buyers' POST requests.

Same key, same caller and same body: the same answer, replayed from the
database, and the request does not run again. Same key, another body: 422.
Same key while the first request still runs: 409. Without the header a
request simply runs.

A key is bound to its caller (``caller``, e.g. the order token's digest or
the client network): another caller's key of the same value is another
key, so nobody can read or pre-claim somebody else's. Only the key's
digest is stored. Fields of the answer named in ``sealed`` (the order
token) are stored encrypted with a key derived from the Idempotency-Key
itself, which the database never holds: only a caller who sends the key
again can read them in the replay.
"""

import base64
import functools
import hashlib
import json
import os

from cryptography.hazmat.primitives.ciphers import aead
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf import hkdf
import flask

from utter_va import conf
from utter_va.db import idempotency as db_idempotency
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF

HEADER = 'Idempotency-Key'
MAX_KEY_LENGTH = 255
SEALED_PREFIX = 'sealed:'
_SALT_BYTES = 16
_NONCE_BYTES = 12
_INFO = b'utter-va idempotency sealed field'


def _request_hash():
    request = flask.request
    digest = hashlib.sha256()
    for part in (request.method, request.path):
        digest.update(part.encode() + b'\0')
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _scope(caller):
    """The request's path, bound to the digest of its caller if any."""
    if caller is None:
        return flask.request.path
    return '%s#%s' % (flask.request.path,
                      hashlib.sha256(caller.encode('utf-8')).hexdigest())


def _cipher(key, salt):
    derived = hkdf.HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                        info=_INFO).derive(key.encode('utf-8'))
    return aead.AESGCM(derived)


def seal(value, key, scope):
    """``value`` (a str) encrypted under ``key`` for ``scope``."""
    salt = os.urandom(_SALT_BYTES)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(key, salt).encrypt(nonce, value.encode('utf-8'),
                                        scope.encode('utf-8'))
    return SEALED_PREFIX + base64.urlsafe_b64encode(
        salt + nonce + sealed).decode('ascii')


def unseal(value, key, scope):
    """The value :func:`seal` sealed; raises ValueError if it cannot."""
    if not value.startswith(SEALED_PREFIX):
        raise ValueError('not a sealed value')
    raw = base64.urlsafe_b64decode(value[len(SEALED_PREFIX):])
    salt = raw[:_SALT_BYTES]
    nonce = raw[_SALT_BYTES:_SALT_BYTES + _NONCE_BYTES]
    try:
        return _cipher(key, salt).decrypt(
            nonce, raw[_SALT_BYTES + _NONCE_BYTES:],
            scope.encode('utf-8')).decode('utf-8')
    except Exception as exc:
        raise ValueError('cannot unseal: %s' % type(exc).__name__)


def _transform(body, fields, function):
    """Apply ``function`` to the top-level ``fields`` of a JSON body."""
    if not fields:
        return body
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not isinstance(document, dict):
        return body
    changed = False
    for field in fields:
        if isinstance(document.get(field), str):
            document[field] = function(document[field])
            changed = True
    return json.dumps(document) if changed else body


def idempotent(view=None, *, caller=None, sealed=()):
    """Decorate a POST view so that it honours Idempotency-Key.

    ``caller(*args, **kwargs)`` runs first, before any key is looked at;
    it may refuse the request (a wrong order token: 404), and returns the
    string the key is bound to. ``sealed`` names top-level fields of the
    answer that are never stored in clear.
    """
    if view is None:
        return functools.partial(idempotent, caller=caller, sealed=sealed)

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        bound = caller(*args, **kwargs) if caller is not None else None
        key = flask.request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not key or len(key) > MAX_KEY_LENGTH:
            raise exception.Invalid(
                reason=_('%(header)s must be 1 to %(max)d characters') %
                {'header': HEADER, 'max': MAX_KEY_LENGTH})
        scope = _scope(bound)
        request_hash = _request_hash()
        existing = db_idempotency.claim(
            scope, key, request_hash, CONF.api.idempotency_key_lifetime)
        if existing is not None:
            if existing['request_hash'] != request_hash:
                raise exception.IdempotencyKeyReused()
            if existing['status_code'] == db_idempotency.PENDING:
                raise exception.IdempotencyKeyInProgress()
            body = _transform(existing['response_body'], sealed,
                              lambda value: unseal(value, key, scope))
            response = flask.Response(body, status=existing['status_code'],
                                      mimetype='application/json')
            response.headers['Idempotent-Replayed'] = 'true'
            return response
        try:
            response = flask.make_response(view(*args, **kwargs))
        except exception.UtterVaException as exc:
            if exc.code >= 500:
                db_idempotency.release(scope, key)
                raise
            response = flask.current_app.handle_user_exception(exc)
        except Exception:
            db_idempotency.release(scope, key)
            raise
        db_idempotency.store(
            scope, key, response.status_code,
            _transform(response.get_data(as_text=True), sealed,
                       lambda value: seal(value, key, scope)))
        return response
    return wrapper
