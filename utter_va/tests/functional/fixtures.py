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

"""Fixtures of the functional tests: real databases, real processes."""

import os
import signal
import socket
import subprocess
import sys

import fixtures
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import migration
from utter_va.tests import fixtures as test_fixtures

MYSQL_ADMIN_URL = os.environ.get('UTTER_VA_TEST_MYSQL_URL',
                                 'mysql+pymysql://root@127.0.0.1/')
BIN_DIR = os.path.dirname(sys.executable)


def free_port():
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, message, interval=0.2):
    """Poll ``predicate`` until it returns a true value; return it."""
    return test_fixtures.wait_for(predicate, timeout, message, interval)


class MySQLDatabase(fixtures.Fixture):
    """A new, empty MariaDB database, dropped at the end of the test.

    With ``migrate=True`` its schema is at head and the application's
    enginefacade points at it for the duration of the test.
    """

    def __init__(self, migrate=False):
        super().__init__()
        self.migrate = migrate

    def _setUp(self):
        name = 'utter_va_ft_%s' % uuidutils.generate_uuid(dashed=False)[:12]
        admin = sa.create_engine(MYSQL_ADMIN_URL)
        with admin.connect() as connection:
            connection.exec_driver_sql(
                'CREATE DATABASE %s CHARACTER SET utf8mb4' % name)
        self.addCleanup(self._drop, admin, name)
        self.name = name
        self.url = '%s%s?charset=utf8mb4' % (MYSQL_ADMIN_URL, name)
        if self.migrate:
            facade = enginefacade.transaction_context()
            facade.configure(connection=self.url)
            self.useFixture(db_fixtures.ReplaceEngineFacadeFixture(
                db_api.context_manager, facade))
            migration.upgrade('head', engine=facade.writer.get_engine())
            self.addCleanup(facade.dispose_pool)

    @staticmethod
    def _drop(admin, name):
        with admin.connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS %s' % name)
        admin.dispose()


class ServiceProcess(fixtures.Fixture):
    """An utter-va command run as a process; killed in cleanup."""

    def __init__(self, command, config_files, log_path=None, env=None):
        super().__init__()
        self.command = command
        self.config_files = config_files
        self.log_path = log_path
        self.env = env

    def _setUp(self):
        argv = [os.path.join(BIN_DIR, self.command)]
        for path in self.config_files:
            argv += ['--config-file', path]
        output = (open(self.log_path, 'ab') if self.log_path
                  else subprocess.DEVNULL)
        env = dict(os.environ, **self.env) if self.env else None
        # NOTE: a session of its own, so that cleanup also kills the
        # workers oslo.service forks.
        self.process = subprocess.Popen(argv, stdout=output,
                                        stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        self.addCleanup(self._kill)

    def terminate(self, timeout=60):
        """SIGTERM; return the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def kill(self):
        """SIGKILL the process and every process of its session."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(30)

    def _kill(self):
        self.kill()
