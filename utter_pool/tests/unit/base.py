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

"""The base of utter-pool's unit tests: a fresh sqlite database each."""

import os

import fixtures
from oslo_config import fixture as config_fixture
from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils
import sqlalchemy as sa
import testtools

from utter_pool.api import app as api_app
from utter_pool import conf
from utter_pool.db import api as db_api
from utter_pool.db import migration
from utter_pool.db import models

CONF = conf.CONF


class TestCase(testtools.TestCase):
    """A test with its own configuration, database and API client."""

    def setUp(self):
        super().setUp()
        CONF([], project='utter-pool', default_config_files=[])
        self.config = self.useFixture(config_fixture.Config(CONF))
        directory = self.useFixture(fixtures.TempDir()).path
        self.config.config(
            connection='sqlite:///%s' % os.path.join(directory, 'pool.db'),
            group='database')
        self.config.config(group='pool', search_rate_limit=0,
                           join_rate_limit=0, publish_rate_limit=0)
        self.useFixture(fixtures.MockPatchObject(
            db_api, 'context_manager', enginefacade.transaction_context()))
        db_api.configure(CONF)
        migration.upgrade()
        self.addCleanup(timeutils.clear_time_override)
        self._client = None

    @property
    def client(self):
        """A Flask test client of the app, made on first use."""
        if self._client is None:
            self._client = api_app.create_flask_app(CONF).test_client()
        return self._client

    def new_client(self):
        """A test client of a new app (new limiters, same database)."""
        self._client = None
        return self.client

    @staticmethod
    def snapshot():
        """Every row of every table: what a refusal must leave as it was."""
        with db_api.reader() as session:
            return {table.name: sorted(
                tuple(str(v) for v in row)
                for row in session.execute(sa.select(table)))
                for table in models.Base.metadata.sorted_tables}

    def assertError(self, response, code, contains=None):
        """An error answer of ``code`` in the pool's JSON shape."""
        self.assertEqual(code, response.status_code, response.data)
        error = response.get_json()['error']
        self.assertEqual(code, error['code'])
        self.assertIn('title', error)
        if contains:
            self.assertIn(contains, error['message'])
        return error
