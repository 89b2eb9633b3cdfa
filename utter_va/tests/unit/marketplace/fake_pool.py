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

"""A small utter-pool on 127.0.0.1 that checks documents as the real one.

It verifies every envelope with :func:`utter_protocol.documents.verified`
and the cloud's current key, refuses a sequence not above the last one it
accepted of that cloud and kind (409), an expired document (409), an
unknown or unapproved cloud (403) and a bad one (400), as the pool's API
does. It keeps the raw bytes of every request, so that tests can look for
what must never be sent.
"""

import http.server
import json
import threading
import time

from oslo_utils import timeutils

from utter_protocol import documents
from utter_protocol import errors
from utter_protocol import signing


class FakePool:
    """The pool's state and its HTTP server (start with ``start()``)."""

    def __init__(self, approve=True):
        self.approve = approve
        self.clouds = {}
        self.last = {}
        self.accepted = []
        self.requests = []
        self.lock = threading.Lock()
        #: Answer every request with this status (e.g. 503), when set.
        self.down = None
        self.retry_after = None
        #: While set, requests wait until it is cleared (a hung pool).
        self.hang = threading.Event()
        self.released = threading.Event()
        self.server = None

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.server.server_address[1]

    def start(self):
        pool = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                pool.handle(self, 'GET', b'')

            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                pool.handle(self, 'POST', self.rfile.read(length))

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()
        return self

    def stop(self):
        self.hang.clear()
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def register(self, key, status='approved'):
        """Know the cloud of ``key`` already (as if it had joined)."""
        public = signing.public_key(key)
        cloud = signing.cloud_id(public)
        self.clouds[cloud] = {'public_key': public, 'status': status}
        return cloud

    def of_kind(self, kind):
        """The documents accepted of ``kind``, oldest first."""
        return [d for d in self.accepted if d['kind'] == kind]

    @staticmethod
    def _answer(handler, status, body, headers=()):
        raw = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header('Content-Type', 'application/json')
        handler.send_header('Content-Length', str(len(raw)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(raw)

    def _error(self, handler, status, code, message):
        headers = ()
        if status == 429 and self.retry_after is not None:
            headers = (('Retry-After', str(self.retry_after)),)
        self._answer(handler, status, {'error': {
            'code': code, 'title': code, 'message': message}}, headers)

    def handle(self, handler, method, raw):
        with self.lock:
            self.requests.append((method, handler.path, raw))
        while self.hang.is_set() and not self.released.is_set():
            time.sleep(0.01)
        if self.down:
            return self._error(handler, self.down, 'down', 'unavailable')
        if method == 'GET' and handler.path.startswith('/v1/clouds/'):
            cloud = self.clouds.get(handler.path.rsplit('/', 1)[1])
            if cloud is None:
                return self._error(handler, 404, 'not_found', 'no cloud')
            last = {kind: {'sequence': seq, 'accepted_at': at,
                           'document': digest}
                    for (c, kind), (seq, at, digest) in self.last.items()
                    if c == handler.path.rsplit('/', 1)[1]}
            return self._answer(handler, 200, {
                'status': cloud['status'],
                'public_keys': [cloud['public_key']],
                'last_accepted': last, 'reliability': {}})
        try:
            envelope = json.loads(raw)
        except ValueError:
            return self._error(handler, 400, 'bad_json', 'not JSON')
        with self.lock:
            if handler.path == '/v1/clouds':
                return self._join(handler, envelope)
            if handler.path == '/v1/documents':
                return self._document(handler, envelope)
        return self._error(handler, 404, 'not_found', handler.path)

    def _join(self, handler, envelope):
        try:
            document = documents.verified(envelope, None)
        except errors.ProtocolError as exc:
            return self._error(handler, exc.code, 'invalid', exc.reason)
        if document['kind'] != documents.JOIN:
            return self._error(handler, 400, 'invalid', 'not a join')
        known = self.clouds.get(document['cloud'])
        if known is not None:
            return self._answer(handler, 200, {'cloud': document['cloud'],
                                               'status': known['status']})
        status = 'approved' if self.approve else 'pending'
        self.clouds[document['cloud']] = {
            'public_key': document['public_key'], 'status': status,
            'join': document}
        self.accepted.append(document)
        self._answer(handler, 202, {'cloud': document['cloud'],
                                    'status': status})

    def _document(self, handler, envelope):
        document = envelope.get('document') if isinstance(
            envelope, dict) else None
        cloud_id = document.get('cloud') if isinstance(
            document, dict) else None
        cloud = self.clouds.get(cloud_id)
        if cloud is None or cloud['status'] != 'approved':
            return self._error(handler, 403, 'not_approved',
                               'the cloud is not approved')
        try:
            document = documents.verified(envelope, cloud['public_key'])
            documents.check_time(document, timeutils.utcnow())
            if document['kind'] == documents.JOIN:
                raise errors.ProtocolError('a join goes to /v1/clouds')
            last = self.last.get((cloud_id, document['kind']))
            if last is not None and document['sequence'] <= last[0]:
                raise errors.Stale('sequence %d is not above %d' % (
                    document['sequence'], last[0]))
        except errors.ProtocolError as exc:
            return self._error(handler, exc.code, 'refused', exc.reason)
        digest = signing.digest(document)
        self.last[(cloud_id, document['kind'])] = (
            document['sequence'], documents.now(), digest)
        if document['kind'] == documents.ROTATE_KEY:
            cloud['public_key'] = document['public_key']
        if document['kind'] == documents.LEAVE:
            cloud['status'] = 'left'
        self.accepted.append(document)
        self._answer(handler, 202, {
            'accepted': True, 'kind': document['kind'],
            'sequence': document['sequence'], 'document': digest})
