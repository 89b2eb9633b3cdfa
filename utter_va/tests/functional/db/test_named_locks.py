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
"""Named locks on real MariaDB and PostgreSQL (and sqlite's local ones)."""

import threading

import fixtures
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures
import testtools

from utter_va.db import named_locks


class _NamedLocks(test_fixtures.OpportunisticDBTestMixin):
    SKIP_ON_UNAVAILABLE_DB = False

    def setUp(self):
        super().setUp()
        engine = enginefacade.writer.get_engine()
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.db.api.get_engine', lambda: engine))

    def _taken_elsewhere(self, name):
        """Whether another thread (another session) can take ``name``."""
        result = []

        def other():
            with named_locks.try_lock(name) as taken:
                result.append(taken)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(30)
        return result[0]

    def test_one_holder_at_a_time_and_released_after(self):
        with named_locks.try_lock('utter-va-boot-a') as taken:
            self.assertTrue(taken)
            self.assertFalse(self._taken_elsewhere('utter-va-boot-a'))
            self.assertTrue(self._taken_elsewhere('utter-va-boot-b'))
        self.assertTrue(self._taken_elsewhere('utter-va-boot-a'))

    def test_released_when_the_body_raises(self):
        def hold():
            with named_locks.try_lock('utter-va-boot-c'):
                raise RuntimeError('boom')
        self.assertRaises(RuntimeError, hold)
        self.assertTrue(self._taken_elsewhere('utter-va-boot-c'))


class TestNamedLocksMySQL(_NamedLocks, testtools.TestCase):
    FIXTURE = test_fixtures.MySQLOpportunisticFixture


class TestNamedLocksPostgreSQL(_NamedLocks, testtools.TestCase):
    FIXTURE = test_fixtures.PostgresqlOpportunisticFixture


class TestNamedLocksSqlite(_NamedLocks, testtools.TestCase):
    pass
