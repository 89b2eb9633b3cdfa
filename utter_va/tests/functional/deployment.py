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

"""utter-va deployed on the project's real OpenStack, for functional tests.

:class:`Deployment` gives a test its own MariaDB database at head, a
configuration file made of minicloud's ``utter-va.conf`` (transport,
keystone_authtoken, [nova], [placement], [glance]) plus the test's own
options, and starts ``utter-va-api`` and ``utter-va-engine`` as real
processes on loopback, killed in cleanup. Tests that share the cloud tag
their servers with the database name, so one test never counts or deletes
another's.
"""

import configparser
import json
import os
import urllib.error
import urllib.request

import fixtures

from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import minicloud


class Deployment(fixtures.Fixture):
    """A database, a config file, and the API and engine processes.

    ``options`` maps group names to {option: value} and is written over
    minicloud's configuration. Attributes: ``cloud`` (the
    MinicloudFixture), ``db`` (the MySQLDatabase), ``config_file``,
    ``api_url`` (after :meth:`start_api`), ``tmp`` (logs live there),
    ``deployment_id`` (the metadata its servers carry).
    """

    def __init__(self, options=None):
        super().__init__()
        self.options = options or {}

    def _setUp(self):
        self.cloud = self.useFixture(minicloud.MinicloudFixture())
        self.db = self.useFixture(ft_fixtures.MySQLDatabase(migrate=True))
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.api_port = ft_fixtures.free_port()
        self.api_url = 'http://127.0.0.1:%d' % self.api_port
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(self.cloud.utter_conf)
        defaults = {
            # NOTE: each process logs to its own <tmp>/<name>.log.
            'DEFAULT': {'use_stderr': 'true', 'debug': 'true'},
            'database': {'connection': self.db.url},
            'api': {'host': '127.0.0.1', 'port': str(self.api_port),
                    'public_url': self.api_url,
                    'anonymous_rate_limit': '0'},
            'oslo_messaging_notifications': {'driver': 'messagingv2'},
            # NOTE: each deployment has its own share of Nova's
            # notifications and its own servers on the shared cloud.
            'engine': {'notification_pool': 'ft-' + self.db.name},
            'orders': {'deployment_id': self.db.name,
                       'networks': 'none'},
        }
        for options in (defaults, self.options):
            for group, values in options.items():
                if group != 'DEFAULT' and not parser.has_section(group):
                    parser.add_section(group)
                for key, value in values.items():
                    parser.set(group, key, str(value))
        self.deployment_id = parser.get('orders', 'deployment_id')
        self.config_file = os.path.join(self.tmp, 'utter-va.conf')
        with open(self.config_file, 'w') as f:
            parser.write(f)
        self.processes = {}

    def start(self, command, name=None, env=None):
        """Start ``command`` (utter-va-api, utter-va-engine); return it.

        ``name`` tells two processes of one command apart (their logs are
        ``<tmp>/<name>.log``); ``env`` is added to the environment.
        """
        name = name or command
        process = self.useFixture(ft_fixtures.ServiceProcess(
            command, [self.config_file], env=env,
            log_path=os.path.join(self.tmp, name + '.log')))
        self.processes[name] = process
        return process

    def start_api(self):
        """Start utter-va-api and wait until it answers its version."""
        process = self.start('utter-va-api')
        ft_fixtures.wait_for(lambda: self._answers('/'), 60,
                             'utter-va-api did not answer on %s'
                             % self.api_url)
        return process

    def start_engine(self, name='utter-va-engine', env=None):
        """Start one utter-va-engine (several may run at once)."""
        return self.start('utter-va-engine', name=name, env=env)

    def _answers(self, path):
        try:
            with urllib.request.urlopen(self.api_url + path, timeout=5):
                return True
        except (urllib.error.URLError, ConnectionError):
            return False

    def log(self, name):
        """The text a process logged so far."""
        path = os.path.join(self.tmp, name + '.log')
        if not os.path.exists(path):
            return ''
        with open(path, errors='replace') as f:
            return f.read()

    def token(self, cloud='minicloud-admin'):
        """A real Keystone token of one of minicloud's cloud entries."""
        return self.cloud.session(cloud).get_token()

    def request(self, method, path, body=None, headers=None, token=None):
        """One HTTP request to the API; return (status, parsed JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {'Content-Type': 'application/json',
                       'Accept': 'application/json'}
        if token:
            all_headers['X-Auth-Token'] = token
        all_headers.update(headers or {})
        request = urllib.request.Request(self.api_url + path, data=data,
                                         headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors='replace')
