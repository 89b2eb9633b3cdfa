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

"""A real utter-pool process on its own PostgreSQL database.

The test makes a database ``utter_pool_ft_<random>`` on 127.0.0.1 (user
postgres), runs ``utter-pool-manage db sync`` on it, starts
``utter-pool-api`` and goes through a cloud's life over HTTP: join,
approval by the operator, offers published and found, older and forged
documents refused, and concurrent copies of one document accepted once.
The database is dropped at the end.
"""

import concurrent.futures
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import fixtures
import psycopg2
import testtools

from utter_pool.tests.unit import fakes
from utter_protocol import signing

ADMIN_DSN = os.environ.get('UTTER_POOL_FT_ADMIN_DSN',
                           'host=127.0.0.1 port=5432 user=postgres '
                           'dbname=postgres')


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _admin(sql):
    connection = psycopg2.connect(ADMIN_DSN)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


class PoolProcess(fixtures.Fixture):
    """utter-pool-api on a fresh PostgreSQL database, stopped at cleanup.

    ``options`` is more configuration text, appended to the file.
    """

    def __init__(self, options=''):
        super().__init__()
        self.options = options

    def _setUp(self):
        self.database = 'utter_pool_ft_%s' % secrets.token_hex(4)
        _admin('CREATE DATABASE %s' % self.database)
        self.addCleanup(_admin, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' %
                        self.database)
        directory = tempfile.mkdtemp()
        self.port = _free_port()
        self.config_file = os.path.join(directory, 'utter-pool.conf')
        with open(self.config_file, 'w') as f:
            f.write('[DEFAULT]\nlog_file = %s\n'
                    '[database]\nconnection = postgresql+psycopg2://'
                    'postgres@127.0.0.1:5432/%s\n'
                    '[api]\nport = %d\n' % (
                        os.path.join(directory, 'pool.log'), self.database,
                        self.port) + self.options)
        self.manage('db', 'sync')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'utter_pool.cmd.api',
             '--config-file', self.config_file],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self._stop)
        self.url = 'http://127.0.0.1:%d' % self.port
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.url + '/healthcheck', timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll():
                    raise RuntimeError('utter-pool-api did not start')
                time.sleep(0.1)

    def _stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def manage(self, *args):
        """Run utter-pool-manage; its output."""
        return subprocess.run(
            [sys.executable, '-m', 'utter_pool.cmd.manage',
             '--config-file', self.config_file] + list(args),
            check=True, capture_output=True, text=True, timeout=30).stdout

    def call(self, method, path, body=None):
        """(status, JSON answer or raw bytes) of one request."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw


class TestPoolOnPostgreSQL(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.pool = self.useFixture(PoolProcess())

    def test_join_approve_publish_search_refuse(self):
        pool = self.pool
        self.assertEqual('0001\n', pool.manage('db', 'version'))
        cloud = fakes.FakeCloud('Cloud A')
        self.assertEqual((202, {'cloud': cloud.id, 'status': 'pending'}),
                         pool.call('POST', '/v1/clouds', cloud.join()))
        status, error = pool.call('POST', '/v1/documents', cloud.offers())
        self.assertEqual(403, status, error)
        self.assertIn('pending', error['error']['message'])

        self.assertIn(cloud.id, pool.manage('cloud', 'list'))
        self.assertIn('approved', pool.manage('cloud', 'approve', cloud.id))

        offers = cloud.offers(fakes.flavor(sats_per_hour=1234),
                              sequence=5)
        status, accepted = pool.call('POST', '/v1/documents', offers)
        self.assertEqual(202, status, accepted)
        status, found = pool.call('GET', '/v1/offers?min_vcpus=1')
        self.assertEqual(200, status)
        self.assertEqual([1234], [o['sats_per_hour']
                                  for o in found['offers']])
        self.assertEqual(accepted['document'], found['offers'][0]['document'])

        older = cloud.offers(fakes.flavor(sats_per_hour=1), sequence=4)
        self.assertEqual(409, pool.call('POST', '/v1/documents', older)[0])
        forged = cloud.offers(sequence=6)
        forged['document']['offers'][0]['sats_per_hour'] = 1
        self.assertEqual(403, pool.call('POST', '/v1/documents', forged)[0])
        status, found = pool.call('GET', '/v1/offers')
        self.assertEqual([1234], [o['sats_per_hour']
                                  for o in found['offers']])

        status, raw = pool.call('GET', '/v1/documents/' +
                                accepted['document'])
        self.assertEqual(200, status)
        signing.verify(cloud.public_key, raw)

        status, shown = pool.call('GET', '/v1/clouds/' + cloud.id)
        self.assertEqual(5, shown['cloud']['last_accepted']['offers'][
            'sequence'])

        self.assertIn('suspended', pool.manage('cloud', 'suspend', cloud.id))
        self.assertEqual([], pool.call('GET', '/v1/offers')[1]['offers'])

    def test_concurrent_copies_of_one_document_are_accepted_once(self):
        pool = self.pool
        cloud = fakes.FakeCloud('Cloud B')
        pool.call('POST', '/v1/clouds', cloud.join())
        pool.manage('cloud', 'approve', cloud.id)
        envelope = cloud.offers(sequence=1)
        with concurrent.futures.ThreadPoolExecutor(8) as executor:
            statuses = sorted(executor.map(
                lambda _i: pool.call('POST', '/v1/documents', envelope)[0],
                range(8)))
        self.assertEqual([202] + [409] * 7, statuses)
        status, feed = pool.call('GET', '/v1/feed')
        self.assertEqual(200, status)
