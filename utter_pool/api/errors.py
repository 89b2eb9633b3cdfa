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

"""JSON error documents for every 4xx and 5xx answer of the pool.

Every error has one shape::

    {"error": {"code": 403, "title": "Forbidden", "message": "..."}}

A 5xx never carries a traceback: the details go to the log.
"""

import http

import flask
from oslo_log import log
from werkzeug import exceptions as http_exceptions

from utter_pool import exception

LOG = log.getLogger(__name__)


def error_body(code, message):
    """The JSON document of an error answer."""
    try:
        title = http.HTTPStatus(code).phrase
    except ValueError:
        title = 'Error'
    return {'error': {'code': code, 'title': title, 'message': message}}


def answer(code, message, headers=None):
    """A Flask response of an error."""
    response = flask.jsonify(error_body(code, message))
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _handle_pool_exception(exc):
    if exc.code >= 500:
        LOG.error('Request failed: %s', exc)
        return answer(exc.code, 'The server could not answer this request.')
    return answer(exc.code, str(exc), exc.headers)


def _handle_http_exception(exc):
    headers = {k: v for k, v in exc.get_headers() if k.lower() == 'allow'}
    return answer(exc.code, exc.description, headers)


def _handle_unexpected(exc):
    LOG.exception('Unexpected error while serving %s %s',
                  flask.request.method, flask.request.path)
    return answer(500, 'The server could not answer this request; the '
                       'error was logged.')


def register(app):
    """Install the JSON error handlers on a Flask app."""
    app.register_error_handler(exception.PoolException,
                               _handle_pool_exception)
    app.register_error_handler(http_exceptions.HTTPException,
                               _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
