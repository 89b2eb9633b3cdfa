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

"""The request body size limit, answered with the API's JSON 413.

oslo.middleware's sizelimit answers a declared Content-Length over the
limit with a webob page, and lets a body without one (``Transfer-Encoding:
chunked``) through with a reader that raises in the middle of a view, a 500.
This middleware keeps its option, ``[oslo_middleware]
max_request_body_size``, and decides before the application runs: a
Content-Length over the limit is refused unread; a body without one is read
here, never more than the limit plus one byte, and handed on with its
Content-Length, or refused. Nothing behind it ever sees an oversized body.
"""

import io
import json

from oslo_log import log
from oslo_middleware import sizelimit

from utter_va.api import errors
from utter_va.i18n import _

LOG = log.getLogger(__name__)

_CHUNK = 65536


def _answer(start_response, code, status, message):
    body = json.dumps(errors.error_body(code, message)).encode()
    start_response(status, [('Content-Type', 'application/json'),
                            ('Content-Length', str(len(body)))])
    return [body]


def _has_unsized_body(environ):
    encoding = environ.get('HTTP_TRANSFER_ENCODING', '').lower()
    return 'chunked' in encoding or bool(environ.get('wsgi.input_terminated'))


def _read_at_most(stream, limit):
    """Read ``stream`` to its end, or ``limit + 1`` bytes if it is longer."""
    data = bytearray()
    while len(data) <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - len(data)))
        if not chunk:
            break
        data.extend(chunk)
    return bytes(data)


class BodySizeLimit:
    """Refuse request bodies over ``[oslo_middleware] max_request_body_size``.

    With a JSON 413 of :mod:`utter_va.api.errors`' shape, whether the body
    declares its length or not.
    """

    def __init__(self, application, conf):
        self.application = application
        conf.register_opts(sizelimit.OPTS, group='oslo_middleware')
        self.conf = conf

    def _too_large(self, start_response, limit):
        LOG.info('Request body over max_request_body_size (%d) refused',
                 limit)
        return _answer(start_response, 413, '413 Request Entity Too Large',
                       _('The request body is larger than %d bytes.') % limit)

    def __call__(self, environ, start_response):
        limit = self.conf.oslo_middleware.max_request_body_size
        declared = environ.get('CONTENT_LENGTH')
        if declared:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                return _answer(start_response, 400, '400 Bad Request',
                               _('Content-Length: not a length'))
            if length > limit:
                return self._too_large(start_response, limit)
        elif _has_unsized_body(environ):
            data = _read_at_most(environ['wsgi.input'], limit)
            if len(data) > limit:
                return self._too_large(start_response, limit)
            # NOTE: from here on the body has a length, as if it had been
            # sent with one.
            environ['wsgi.input'] = io.BytesIO(data)
            environ['CONTENT_LENGTH'] = str(len(data))
            environ.pop('HTTP_TRANSFER_ENCODING', None)
            environ.pop('wsgi.input_terminated', None)
        return self.application(environ, start_response)
