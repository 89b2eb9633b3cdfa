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

"""The migrations make the schema the models describe, and walk back."""

from alembic import autogenerate
from alembic import migration as alembic_migration

from utter_pool.db import api as db_api
from utter_pool.db import migration
from utter_pool.db import models
from utter_pool.tests.unit import base


class TestMigrations(base.TestCase):

    def test_models_match_the_migrated_schema(self):
        with db_api.get_engine().connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection, opts={'compare_type': True})
            diff = autogenerate.compare_metadata(context,
                                                 models.Base.metadata)
        self.assertEqual([], [d for d in diff
                              if d[0] != 'remove_table' or
                              d[1].name != migration.VERSION_TABLE])

    def test_downgrade_to_base_and_up_again(self):
        self.assertEqual(migration.head(), migration.version())
        migration.downgrade('base')
        self.assertIsNone(migration.version())
        migration.upgrade()
        self.assertEqual(migration.head(), migration.version())
