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

"""The installed commands, run as processes against a real MariaDB.

``utter-va-manage db upgrade`` on an empty MariaDB database leaves it at
head and ``utter-va-status upgrade check`` passes; utter-va-engine starts,
records its heartbeat and stops cleanly on SIGTERM; utter-va-api answers its
version document and health check on loopback.
"""

import json
import os
import signal
import subprocess
import time
import urllib.request

import fixtures
import sqlalchemy as sa
import testtools

from utter_va.db import migration
from utter_va.tests.functional import fixtures as ft_fixtures


class CommandsTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.db = self.useFixture(ft_fixtures.MySQLDatabase())
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.port = ft_fixtures.free_port()
        self.config_file = os.path.join(self.tmp, 'utter-va.conf')
        with open(self.config_file, 'w') as f:
            f.write('[DEFAULT]\nlog_dir = %s\n'
                    '[database]\nconnection = %s\n'
                    '[api]\nport = %d\npublic_url = http://127.0.0.1:%d\n'
                    '[engine]\nheartbeat_interval = 1\n'
                    % (self.tmp, self.db.url, self.port, self.port))

    def command(self, name, *args, check=True):
        return subprocess.run(
            [os.path.join(ft_fixtures.BIN_DIR, name), '--config-file',
             self.config_file]
            + list(args), capture_output=True, text=True, check=check,
            timeout=120)

    def start(self, name):
        return self.useFixture(ft_fixtures.ServiceProcess(
            name, [self.config_file])).process

    def test_db_upgrade_then_status_check(self):
        failed = self.command('utter-va-status', 'upgrade', 'check',
                              check=False)
        self.assertEqual(2, failed.returncode, failed.stdout)
        self.command('utter-va-manage', 'db', 'upgrade')
        self.assertEqual(migration.head(), self.command(
            'utter-va-manage', 'db', 'version').stdout.strip())
        engine = sa.create_engine(self.db.url)
        self.addCleanup(engine.dispose)
        tables = set(sa.inspect(engine).get_table_names())
        self.assertIn('orders', tables)
        self.assertIn('payments', tables)
        passed = self.command('utter-va-status', 'upgrade', 'check')
        self.assertEqual(0, passed.returncode)
        self.assertIn('Result: Success', passed.stdout)

    def test_engine_heartbeat_and_sigterm(self):
        self.command('utter-va-manage', 'db', 'upgrade')
        engine = self.start('utter-va-engine')
        db = sa.create_engine(self.db.url)
        self.addCleanup(db.dispose)
        query = sa.text("SELECT last_seen_at FROM services "
                        "WHERE `binary` = 'utter-va-engine'")
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(set(seen)) < 2:
            with db.connect() as connection:
                seen.extend(connection.execute(query).scalars())
            time.sleep(0.2)
        self.assertGreaterEqual(len(set(seen)), 2,
                                'the engine recorded no two heartbeats')
        engine.send_signal(signal.SIGTERM)
        self.assertEqual(0, engine.wait(60))

    def test_engine_sighup_rereads_its_configuration(self):
        self.command('utter-va-manage', 'db', 'upgrade')
        with open(self.config_file, 'a') as f:
            f.write('[DEFAULT]\nhost = engine-before\n')
        engine = self.start('utter-va-engine')
        db = sa.create_engine(self.db.url)
        self.addCleanup(db.dispose)

        def hosts():
            with db.connect() as connection:
                return set(connection.execute(sa.text(
                    'SELECT host FROM services')).scalars())
        ft_fixtures.wait_for(lambda: 'engine-before' in hosts(), 60,
                             'no heartbeat from engine-before')
        with open(self.config_file) as f:
            text = f.read()
        with open(self.config_file, 'w') as f:
            f.write(text.replace('engine-before', 'engine-after'))
        engine.send_signal(signal.SIGHUP)
        ft_fixtures.wait_for(lambda: 'engine-after' in hosts(), 60,
                             'SIGHUP did not reload the configuration')
        self.assertIsNone(engine.poll())
        engine.send_signal(signal.SIGTERM)
        self.assertEqual(0, engine.wait(60))

    def test_api_answers_on_loopback(self):
        self.command('utter-va-manage', 'db', 'upgrade')
        self.start('utter-va-api')
        base = 'http://127.0.0.1:%d' % self.port
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + '/', timeout=5) as resp:
                    document = json.load(resp)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.assertEqual('v1', document['versions'][0]['id'])
        with urllib.request.urlopen(base + '/healthcheck', timeout=5) as resp:
            self.assertEqual(200, resp.status)
            self.assertEqual(b'database OK', resp.read())
