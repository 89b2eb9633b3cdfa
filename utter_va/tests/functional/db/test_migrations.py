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

"""Migrations walked on real MariaDB, PostgreSQL and sqlite.

These tests never skip: a backend that cannot be reached fails them
(``SKIP_ON_UNAVAILABLE_DB = False``), so a green run proves the migrations
ran on each database.
"""

from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures
from oslo_db.sqlalchemy import test_migrations
import sqlalchemy as sa
import testtools

from utter_va.db import migration
from utter_va.db import models


class _MigrationsMixin(test_fixtures.OpportunisticDBTestMixin):
    SKIP_ON_UNAVAILABLE_DB = False

    def setUp(self):
        super().setUp()
        self.engine = enginefacade.writer.get_engine()

    def _tables(self):
        return set(sa.inspect(self.engine).get_table_names()) - {
            'alembic_version'}


class _WalkVersions(_MigrationsMixin):
    """Upgrade to every revision in turn, then downgrade back to base."""

    def test_walk_versions(self):
        revisions = migration.revisions()
        self.assertGreater(len(revisions), 0)
        self.assertIsNone(migration.version(self.engine))
        for revision in revisions:
            migration.upgrade(revision, engine=self.engine)
            self.assertEqual(revision, migration.version(self.engine))
        self.assertEqual(migration.head(), migration.version(self.engine))
        self.assertEqual(set(models.Base.metadata.tables), self._tables())
        for revision in reversed(revisions):
            migration.downgrade('-1', engine=self.engine)
        self.assertIsNone(migration.version(self.engine))
        self.assertEqual(set(), self._tables())

    def test_upgrade_twice_is_harmless(self):
        migration.upgrade('head', engine=self.engine)
        migration.upgrade('head', engine=self.engine)
        self.assertEqual(migration.head(), migration.version(self.engine))


class TestWalkVersionsMySQL(_WalkVersions, testtools.TestCase):
    FIXTURE = test_fixtures.MySQLOpportunisticFixture


class TestWalkVersionsPostgreSQL(_WalkVersions, testtools.TestCase):
    FIXTURE = test_fixtures.PostgresqlOpportunisticFixture


class TestWalkVersionsSqlite(_WalkVersions, testtools.TestCase):
    pass


class _ModelsMigrationsSync(_MigrationsMixin,
                            test_migrations.ModelsMigrationsSync):
    """The schema the migrations build is the schema the models describe."""

    def get_engine(self):
        return self.engine

    def get_metadata(self):
        return models.Base.metadata

    def db_sync(self, engine):
        migration.upgrade('head', engine=engine)

    def include_object(self, object_, name, type_, reflected, compare_to):
        if type_ == 'table' and name == 'alembic_version':
            return False
        return True


class TestModelsSyncMySQL(_ModelsMigrationsSync, testtools.TestCase):
    FIXTURE = test_fixtures.MySQLOpportunisticFixture


class TestModelsSyncPostgreSQL(_ModelsMigrationsSync, testtools.TestCase):
    FIXTURE = test_fixtures.PostgresqlOpportunisticFixture


class TestModelsSyncSqlite(_ModelsMigrationsSync, testtools.TestCase):
    pass
