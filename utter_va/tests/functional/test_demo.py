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

"""The README's first command, run as a newcomer would, on minicloud.

``tools/demo`` creates .venv (once), a database, starts utter-va-api and
utter-va-engine, sells one server and leaves the services running;
``tools/demo stop`` stops them. Its own port, run directory and database
keep it apart from a demo a developer may have running.
"""

import os
import re
import subprocess

import sqlalchemy as sa
import testtools

from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import minicloud

DEMO = os.path.join(minicloud.TOP, 'tools', 'demo')


class TestDemo(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(minicloud.MinicloudFixture())
        run = self.useFixture(ft_fixtures.fixtures.TempDir()).path
        database = 'utter_va_ft_demo'
        self.env = dict(os.environ, UTTER_VA_DEMO_RUN=run,
                        UTTER_VA_DEMO_PORT=str(ft_fixtures.free_port()),
                        UTTER_VA_DEMO_DATABASE=database)
        self.addCleanup(self._drop, database)
        self.addCleanup(subprocess.run, [DEMO, 'stop'], env=self.env,
                        capture_output=True)

    @staticmethod
    def _drop(database):
        engine = sa.create_engine(ft_fixtures.MYSQL_ADMIN_URL)
        with engine.connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS ' + database)
        engine.dispose()

    def test_demo_sells_a_server_end_to_end(self):
        result = subprocess.run([DEMO], env=self.env, capture_output=True,
                                text=True, timeout=900)
        print(result.stdout)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        lines = result.stdout
        for expected in (r'priced at \d+ sats/hour',
                         r'GET /v1/offers: utter\.demo',
                         r'POST /v1/orders: order [0-9a-f-]{36}',
                         r'paid 20 sats with the fake payment driver',
                         r'Nova: server [0-9a-f-]{36} is ACTIVE',
                         r'Nova: server [0-9a-f-]{36} is SUSPENDED',
                         r'Nova: server [0-9a-f-]{36} is DELETED .*'
                         r'terminated, paid_time_over',
                         r'Stop utter-va with: tools/demo stop',
                         r'The storefront: http://127\.0\.0\.1:\d+/store/\n'
                         r'The order page of the server sold: '
                         r'http://127\.0\.0\.1:\d+/store/order#'
                         r'[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}\n$'):
            self.assertRegex(lines, expected)
        times = [float(t) for t in re.findall(r'^\[\s*([\d.]+)s\]', lines,
                                              re.MULTILINE)]
        self.assertEqual(sorted(times), times, 'steps out of order')
        stop = subprocess.run([DEMO, 'stop'], env=self.env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(0, stop.returncode)
        self.assertIn('stopped utter-va-api', stop.stdout)
        self.assertIn('stopped utter-va-engine', stop.stdout)
