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

"""The pool's migrations walk up, down and up on MariaDB and PostgreSQL."""

import secrets

import sqlalchemy as sa
import testtools

from utter_pool.db import migration

SERVERS = {
    'mariadb': ('mysql+pymysql://root@127.0.0.1/',
                'mysql+pymysql://root@127.0.0.1/%s'),
    'postgresql': ('postgresql+psycopg2://postgres@127.0.0.1/postgres',
                   'postgresql+psycopg2://postgres@127.0.0.1/%s'),
}


class TestMigrations(testtools.TestCase):

    def _walk(self, server):
        admin_url, url = SERVERS[server]
        name = 'utter_pool_mig_%s' % secrets.token_hex(4)
        admin = sa.create_engine(admin_url, isolation_level='AUTOCOMMIT')
        self.addCleanup(admin.dispose)
        with admin.connect() as connection:
            connection.execute(sa.text('CREATE DATABASE %s' % name))

        def drop():
            with admin.connect() as connection:
                connection.execute(sa.text('DROP DATABASE %s' % name))
        self.addCleanup(drop)
        engine = sa.create_engine(url % name)
        self.addCleanup(engine.dispose)
        migration.upgrade(engine=engine)
        self.assertEqual(migration.head(), migration.version(engine))
        migration.downgrade('base', engine=engine)
        self.assertIsNone(migration.version(engine))
        migration.upgrade(engine=engine)
        self.assertEqual(migration.head(), migration.version(engine))

    def test_mariadb(self):
        self._walk('mariadb')

    def test_postgresql(self):
        self._walk('postgresql')
