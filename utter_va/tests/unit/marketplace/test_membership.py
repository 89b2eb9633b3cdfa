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

"""utter-va-manage pool join, rotate-key and leave, against a fake pool."""

import io
import os
import stat

import fixtures

from utter_protocol import documents
from utter_protocol import signing

from utter_va.db import marketplace as db_marketplace
from utter_va.marketplace import client as pool_client
from utter_va.tests.unit.cmd import test_manage
from utter_va.tests.unit.marketplace import fake_pool


class _PoolCommandsTestCase(test_manage._CommandTestCase):
    """A fake pool, a configuration file naming a key file, a database."""

    approve = False

    def setUp(self):
        super().setUp()
        self.pool = fake_pool.FakePool(approve=self.approve).start()
        self.addCleanup(self.pool.stop)
        pool_client.reset()
        self.addCleanup(pool_client.reset)
        self.key_file = os.path.join(os.path.dirname(self.config_file),
                                     'keys', 'pool.key')
        with open(self.config_file, 'a') as f:
            f.write('[api]\npublic_url = https://sales.example.com\n'
                    '[pool]\nkey_file = %s\nname = Cloud A\n'
                    'region = eu-west\ncountry = FR\nlatitude = 48.85\n'
                    'longitude = 2.35\n' % self.key_file)
        self.stderr = self.useFixture(
            fixtures.MonkeyPatch('sys.stderr', io.StringIO())).new_value
        self.run_manage('db', 'upgrade')

    def join(self):
        self.assertIsNone(self.run_manage('pool', 'join', self.pool.url))
        [cloud] = self.pool.clouds
        return cloud


class TestJoin(_PoolCommandsTestCase):

    def test_join_makes_a_0600_key_and_sends_a_valid_join(self):
        cloud = self.join()
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.key_file).st_mode))
        key = signing.load(self.key_file)
        self.assertEqual(signing.cloud_id(signing.public_key(key)), cloud)
        [join] = self.pool.of_kind(documents.JOIN)
        self.assertEqual({
            'name': 'Cloud A', 'region': 'eu-west', 'country': 'FR',
            'latitude': 48.85, 'longitude': 2.35,
            'api_url': 'https://sales.example.com/',
            'storefront_url': 'https://sales.example.com/store/',
            'description': ''},
            {k: join[k] for k in ('name', 'region', 'country', 'latitude',
                                  'longitude', 'api_url', 'storefront_url',
                                  'description')})
        out = self.stdout.getvalue()
        self.assertIn('Created the key file %s (mode 0600)' % self.key_file,
                      out)
        self.assertIn('Cloud %s at %s: pending' % (cloud, self.pool.url),
                      out)
        record = db_marketplace.documents()[documents.JOIN]
        self.assertEqual((cloud, self.pool.url, 'pending'), (
            record['cloud'], record['pool_url'], record['pool_status']))
        with open(self.key_file, 'rb') as f:
            secret = f.read().split(b'\n')[1]
        for _method, _path, raw in self.pool.requests:
            self.assertNotIn(secret, raw)

    def test_joining_again_keeps_the_key_and_tells_the_status(self):
        cloud = self.join()
        with open(self.key_file, 'rb') as f:
            before = f.read()
        self.pool.clouds[cloud]['status'] = 'approved'
        self.join()
        with open(self.key_file, 'rb') as f:
            self.assertEqual(before, f.read())
        self.assertIn('Cloud %s at %s: approved' % (cloud, self.pool.url),
                      self.stdout.getvalue())

    def test_a_key_others_may_read_is_refused(self):
        os.makedirs(os.path.dirname(self.key_file))
        signing.generate(self.key_file)
        os.chmod(self.key_file, 0o640)
        self.assertEqual(1, self.run_manage('pool', 'join', self.pool.url))
        self.assertIn('chmod 600', self.stderr.getvalue())
        self.assertEqual([], self.pool.requests)
        self.assertEqual(0o640, stat.S_IMODE(os.stat(self.key_file).st_mode))

    def test_no_country_no_join_and_no_key(self):
        with open(self.config_file) as f:
            text = f.read()
        with open(self.config_file, 'w') as f:
            f.write(text.replace('country = FR\n', ''))
        self.assertEqual(1, self.run_manage('pool', 'join', self.pool.url))
        self.assertIn('[pool] country is required', self.stderr.getvalue())
        self.assertFalse(os.path.exists(self.key_file))
        self.assertEqual([], self.pool.requests)

    def test_a_pool_that_refuses_is_reported(self):
        self.pool.down = 503
        self.assertEqual(1, self.run_manage('pool', 'join', self.pool.url))
        self.assertIn('503', self.stderr.getvalue())
        self.assertIn('503', db_marketplace.documents()[
            documents.JOIN]['last_error'])


class TestApprovedCloud(_PoolCommandsTestCase):

    approve = True

    def test_rotate_key_then_the_new_key_signs(self):
        cloud = self.join()
        old = signing.public_key(signing.load(self.key_file))
        self.assertIsNone(self.run_manage('pool', 'rotate-key'))
        new = signing.public_key(signing.load(self.key_file))
        self.assertNotEqual(old, new)
        self.assertEqual(new, self.pool.clouds[cloud]['public_key'])
        self.assertEqual(old, signing.public_key(signing.load(
            self.key_file + '.old')))
        self.assertFalse(os.path.exists(self.key_file + '.new'))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.key_file).st_mode))
        [rotation] = self.pool.of_kind(documents.ROTATE_KEY)
        self.assertEqual(cloud, rotation['cloud'])
        self.assertIn('new public key %s' % new, self.stdout.getvalue())
        # The cloud keeps its id; what it signs now is checked with the new
        # key, and leaving works.
        self.assertIsNone(self.run_manage('pool', 'leave'))
        self.assertEqual('left', self.pool.clouds[cloud]['status'])
        self.assertEqual('left', db_marketplace.documents()[
            documents.LEAVE]['pool_status'])

    def test_a_refused_rotation_keeps_the_old_key(self):
        self.join()
        with open(self.key_file, 'rb') as f:
            before = f.read()
        self.pool.down = 403
        self.assertEqual(1, self.run_manage('pool', 'rotate-key'))
        with open(self.key_file, 'rb') as f:
            self.assertEqual(before, f.read())
        self.assertFalse(os.path.exists(self.key_file + '.new'))

    def test_leave(self):
        cloud = self.join()
        self.assertIsNone(self.run_manage('pool', 'leave'))
        self.assertIn('Cloud %s left %s' % (cloud, self.pool.url),
                      self.stdout.getvalue())
