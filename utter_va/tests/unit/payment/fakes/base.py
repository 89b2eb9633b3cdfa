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

"""What the local processor servers share: JSON answers, a served thread."""

import http.server
import json
import threading


class JSONHandler(http.server.BaseHTTPRequestHandler):
    """A quiet request handler that answers JSON documents."""

    def log_message(self, *args):
        pass

    def _send(self, code, document=None):
        body = b'' if document is None else json.dumps(
            document, default=str).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(fixture, handler, tls_context=None):
    """Serve ``handler`` on 127.0.0.1 (port 0) until the fixture cleans up.

    Returns the base URL.
    """
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket,
                                                server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fixture.addCleanup(server.server_close)
    fixture.addCleanup(server.shutdown)
    return '%s://127.0.0.1:%d' % ('https' if tls_context else 'http',
                                  server.server_address[1])
