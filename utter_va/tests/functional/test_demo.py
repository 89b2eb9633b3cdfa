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

``tools/demo`` creates .venv (once), starts a pool and two clouds (two
databases, two utter-va-api and utter-va-engine) that join it, then a buyer
searches the pool, buys the cheapest offer at that cloud's own API and sees
the server through to DELETED; the services keep running and ``tools/demo
stop`` stops them. Its own ports, run directory and databases keep it apart
from a demo a developer may have running.
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
        self.ports = {name: str(ft_fixtures.free_port())
                      for name in ('a', 'b', 'pool')}
        self.env = dict(os.environ, UTTER_VA_DEMO_RUN=run,
                        UTTER_VA_DEMO_PORT=self.ports['a'],
                        UTTER_VA_DEMO_PORT_B=self.ports['b'],
                        UTTER_VA_DEMO_POOL_PORT=self.ports['pool'],
                        UTTER_VA_DEMO_DATABASE=database)
        self.addCleanup(self._drop, database)
        self.addCleanup(self._drop, database + '_b')
        self.addCleanup(subprocess.run, [DEMO, 'stop'], env=self.env,
                        capture_output=True)

    @staticmethod
    def _drop(database):
        engine = sa.create_engine(ft_fixtures.MYSQL_ADMIN_URL)
        with engine.connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS ' + database)
        engine.dispose()

    def test_demo_shows_the_market_and_sells_the_cheapest(self):
        result = subprocess.run([DEMO], env=self.env, capture_output=True,
                                text=True, timeout=900)
        print(result.stdout)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        lines = result.stdout
        a = 'http://127\\.0\\.0\\.1:%s' % self.ports['a']
        b = 'http://127\\.0\\.0\\.1:%s' % self.ports['b']
        pool = 'http://127\\.0\\.0\\.1:%s' % self.ports['pool']
        for expected in (r'cloud A: utter-va-manage pool join: cloud '
                         r'[0-9a-f]{16}\.\.\. pending',
                         r'cloud B: utter-va-manage pool join',
                         r'pool operator: utter-pool-manage cloud approve',
                         r'operator of cloud A: utter\.demo priced at 7200',
                         r'operator of cloud B: utter\.demo priced at 3600',
                         # NOTE: both clouds listed, the cheapest first.
                         r'GET %s/v1/offers\?sort=price: 2 offers of '
                         r'utter\.demo.*\n'
                         r' +Cloud B \(DE\): .* 3600 sats/hour, .* at %s/\n'
                         r' +Cloud A \(FR\): .* 7200 sats/hour, .* at %s/\n'
                         % (pool, b, a),
                         r'picks the cheapest, Cloud B at 3600 sats/hour, '
                         r'and buys at its own API %s/ \(storefront: '
                         r'%s/store/\?flavor=utter\.demo\)' % (b, b),
                         r'POST /v1/orders to Cloud B: order [0-9a-f-]{36}',
                         r'paid 20 sats with the fake payment driver '
                         r'\(20 seconds',
                         r'Nova: server [0-9a-f-]{36} is ACTIVE',
                         r'Nova: server [0-9a-f-]{36} is SUSPENDED',
                         r'Nova: server [0-9a-f-]{36} is DELETED .*'
                         r'terminated, paid_time_over',
                         r"pool: Cloud B's reliability .*: 1 paid, 100% "
                         r'reached ACTIVE',
                         r'Stop the pool and the clouds with: tools/demo '
                         r'stop',
                         r'The market: %s/market/\n'
                         r'The storefronts: %s/store/ \(cloud A\), '
                         r'%s/store/ \(cloud B\)\n'
                         # NOTE: the order is at the cheapest cloud, B.
                         r'The order page of the server sold: '
                         r'%s/store/order#'
                         r'[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}\n$' % (
                             pool, a, b, b)):
            self.assertRegex(lines, expected)
        times = [float(t) for t in re.findall(r'^\[\s*([\d.]+)s\]', lines,
                                              re.MULTILINE)]
        self.assertEqual(sorted(times), times, 'steps out of order')
        stop = subprocess.run([DEMO, 'stop'], env=self.env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(0, stop.returncode)
        for service in ('utter-va-api of cloud A', 'utter-va-engine of '
                        'cloud A', 'utter-va-api of cloud B',
                        'utter-va-engine of cloud B', 'utter-pool-api'):
            self.assertIn('stopped ' + service, stop.stdout)
