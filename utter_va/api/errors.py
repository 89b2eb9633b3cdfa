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

"""JSON error documents for every 4xx and 5xx answer of the API.

Every error has the same shape, whatever raised it::

    {"error": {"code": 404, "title": "Not Found", "message": "..."}}

A 400 whose reason starts with a field of a request (``"hours: at least
1"``, in the message ``"Unacceptable parameters: hours: at least 1"``)
also names that field, ``"field": "hours"``, so that a page can show the
message next to the input that caused it.

A 5xx never carries a traceback or an internal message: the details go to
the log, with the request id the client also sees.
"""

import http
import re

import flask
from oslo_log import log
from werkzeug import exceptions as http_exceptions

from utter_va.api.schemas import orders as order_schemas
from utter_va import exception

LOG = log.getLogger(__name__)

#: The fields of request bodies and query strings a 400 may name.
REQUEST_FIELDS = frozenset(
    {field for schema in (order_schemas.PLACE_ORDER, order_schemas.TOPUP,
                          order_schemas.REBOOT, order_schemas.REBUILD)
     for field in schema['properties']} | {'length', 'uri'})
_FIELD_PREFIX = re.compile(r'^([a-z_]+): ')


def field_of(message):
    """The request field a 400 message starts with, or None."""
    match = _FIELD_PREFIX.match(message or '')
    if match and match.group(1) in REQUEST_FIELDS:
        return match.group(1)
    return None


def error_body(code, message, field=None):
    """Return the JSON document of an error answer.

    A 400 names ``field``, or the request field its message starts with.
    """
    try:
        title = http.HTTPStatus(code).phrase
    except ValueError:
        title = 'Error'
    error = {'code': code, 'title': title, 'message': message}
    if code == 400:
        field = field or field_of(message)
        if field:
            error['field'] = field
    return {'error': error}


def _answer(code, message, headers=None, field=None):
    response = flask.jsonify(error_body(code, message, field))
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _handle_utter_exception(exc):
    if exc.code >= 500:
        LOG.error('Request failed: %s', exc)
        return _answer(exc.code, error_body(exc.code, '')['error']['title'])
    # NOTE: Invalid's message puts its own words before the reason; the
    # field starts the reason.
    field = field_of(str(exc.kwargs.get('reason') or ''))
    return _answer(exc.code, str(exc), exc.headers, field)


def _handle_http_exception(exc):
    headers = {k: v for k, v in exc.get_headers() if k.lower() == 'allow'}
    return _answer(exc.code, exc.description, headers)


def _handle_unexpected(exc):
    LOG.exception('Unexpected error while serving %s %s',
                  flask.request.method, flask.request.path)
    return _answer(500, 'The server could not answer this request; the '
                        'error was logged.')


def register(app):
    """Install the JSON error handlers on a Flask app."""
    app.register_error_handler(exception.UtterVaException,
                               _handle_utter_exception)
    app.register_error_handler(http_exceptions.HTTPException,
                               _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
