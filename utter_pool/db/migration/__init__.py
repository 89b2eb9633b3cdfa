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

"""Schema migrations of utter-pool: its own Alembic tree, driven from code.

``utter-pool-manage db sync|version`` and the tests call these
functions; they use the engine of :mod:`utter_pool.db.api` unless given one.
"""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from utter_pool.db import api as db_api

# NOTE: not alembic_version, so that a pool sharing a database with
# another service keeps its own schema version.
VERSION_TABLE = 'utter_pool_alembic_version'
ALEMBIC_DIR = os.path.join(os.path.dirname(__file__), 'alembic')


def _config(engine=None):
    config = alembic_config.Config()
    config.set_main_option('script_location', ALEMBIC_DIR)
    config.attributes['engine'] = engine or db_api.get_engine()
    return config


def upgrade(revision='head', engine=None):
    """Upgrade the schema to ``revision`` (the newest by default)."""
    alembic_command.upgrade(_config(engine), revision)


def downgrade(revision, engine=None):
    """Downgrade the schema to ``revision`` ('base' empties it)."""
    alembic_command.downgrade(_config(engine), revision)


def stamp(revision='head', engine=None):
    """Record ``revision`` as the schema's version without migrating."""
    alembic_command.stamp(_config(engine), revision)


def version(engine=None):
    """Return the revision the database is at, or None when empty."""
    engine = engine or db_api.get_engine()
    with engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'version_table': VERSION_TABLE})
        return context.get_current_revision()


def head():
    """Return the newest revision of the migration tree."""
    script = alembic_script.ScriptDirectory(ALEMBIC_DIR)
    return script.get_current_head()


def revisions():
    """Return every revision, oldest first."""
    script = alembic_script.ScriptDirectory(ALEMBIC_DIR)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
