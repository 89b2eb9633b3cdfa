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

Same key and same body: the same answer, replayed from the database, and the
request does not run again. Same key, another body: 422. Same key while the
first request still runs: 409. Without the header a request simply runs.
"""

import functools
import hashlib

import flask

from utter_va import conf
from utter_va.db import idempotency as db_idempotency
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF

HEADER = 'Idempotency-Key'
MAX_KEY_LENGTH = 255


def _request_hash():
    request = flask.request
    digest = hashlib.sha256()
    for part in (request.method, request.path):
        digest.update(part.encode() + b'\0')
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def idempotent(view):
    """Decorate a POST view so that it honours Idempotency-Key."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = flask.request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not key or len(key) > MAX_KEY_LENGTH:
            raise exception.Invalid(
                reason=_('%(header)s must be 1 to %(max)d characters') %
                {'header': HEADER, 'max': MAX_KEY_LENGTH})
        scope = flask.request.path
        request_hash = _request_hash()
        existing = db_idempotency.claim(
            scope, key, request_hash, CONF.api.idempotency_key_lifetime)
        if existing is not None:
            if existing['request_hash'] != request_hash:
                raise exception.IdempotencyKeyReused()
            if existing['status_code'] == db_idempotency.PENDING:
                raise exception.IdempotencyKeyInProgress()
            response = flask.Response(existing['response_body'],
                                      status=existing['status_code'],
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
        db_idempotency.store(scope, key, response.status_code,
                             response.get_data(as_text=True))
        return response
    return wrapper
