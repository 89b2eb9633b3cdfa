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

"""A fake utter-va API under a real keystoneauth session, and a command
test base.

The commands talk through :class:`utter_va.osc.v1.client.Client` and a
real keystoneauth Session; only the HTTP transport is replaced (a requests
adapter mounted on the session), so the tests see the exact request each
command sends: method, path, query and body.
"""

import http
import json
import urllib.parse

from keystoneauth1 import session as ks_session
import requests
from requests import adapters
from requests import structures

from utter_va.osc.v1 import client
from utter_va.tests import base

ENDPOINT = 'http://utter.test:9870/'


class FakeAPI(adapters.BaseAdapter):
    """Answers registered per (method, path); records every request."""

    def __init__(self):
        super().__init__()
        self.routes = {}
        self.requests = []

    def register(self, method, path, body=None, status=200, headers=None):
        """Answer ``method path`` with ``status`` and a JSON ``body``."""
        self.routes[(method, path)] = (status, body, headers or {})

    def send(self, request, **kwargs):
        self.requests.append(request)
        path = urllib.parse.urlsplit(request.url).path
        status, body, headers = self.routes.get(
            (request.method, path),
            (404, {'error': {'code': 404, 'title': 'Not Found',
                             'message': 'No route %s' % path}}, {}))
        response = requests.Response()
        response.status_code = status
        response.reason = http.HTTPStatus(status).phrase
        response.headers = structures.CaseInsensitiveDict(headers)
        if isinstance(body, (dict, list)):
            response._content = json.dumps(body).encode()
            response.headers.setdefault('Content-Type', 'application/json')
        else:
            response._content = (body or '').encode()
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    # What the tests ask of the requests sent

    @property
    def last(self):
        """The last request sent."""
        return self.requests[-1]

    def calls(self):
        """[(method, path and query)] of every request sent."""
        result = []
        for request in self.requests:
            url = urllib.parse.urlsplit(request.url)
            result.append((request.method, url.path +
                           ('?' + url.query if url.query else '')))
        return result

    def body(self, request=None):
        """The JSON body of a request (the last by default)."""
        request = request or self.last
        return json.loads(request.body) if request.body else None


def make_client(api, endpoint=ENDPOINT):
    """A Client whose requests reach ``api``."""
    requests_session = requests.Session()
    requests_session.mount('http://', api)
    session = ks_session.Session(session=requests_session)
    return client.Client(session, endpoint_override=endpoint)


class FakeClientManager:
    """The part of osc's ClientManager the commands use."""

    def __init__(self, utter):
        self.utter = utter


class FakeApp:
    """The part of osc's application the commands use."""

    def __init__(self, utter):
        self.client_manager = FakeClientManager(utter)
        self.options = None


class ParserError(Exception):
    """argparse refused the arguments."""


class CommandTestCase(base.TestCase):
    """Runs commands against a FakeAPI."""

    def setUp(self):
        super().setUp()
        self.api = FakeAPI()
        self.app = FakeApp(make_client(self.api))

    def parse(self, command_class, argv):
        """Parse ``argv`` for a command; return (command, parsed args)."""
        cmd = command_class(self.app, None)
        parser = cmd.get_parser('openstack utter')

        def refuse(message):
            raise ParserError(message)
        parser.error = refuse
        return cmd, parser.parse_args(argv)

    def run_command(self, command_class, argv):
        """Parse and run a command; return what take_action returns."""
        cmd, parsed_args = self.parse(command_class, argv)
        return cmd.take_action(parsed_args)
