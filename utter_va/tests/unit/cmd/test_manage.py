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

"""Tests of utter-va-manage db and utter-va-status on a sqlite file."""

import io
import os

import fixtures
from oslo_config import cfg
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures

from utter_va.cmd import manage
from utter_va.cmd import status
from utter_va.db import api as db_api
from utter_va.db import migration
from utter_va.tests import base


class _CommandTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        tmp = self.useFixture(fixtures.TempDir()).path
        self.url = 'sqlite:///%s' % os.path.join(tmp, 'utter_va.sqlite')
        self.config_file = os.path.join(tmp, 'utter-va.conf')
        with open(self.config_file, 'w') as f:
            f.write('[database]\nconnection = %s\n' % self.url)
        facade = enginefacade.transaction_context()
        facade.configure(connection=self.url)
        self.useFixture(db_fixtures.ReplaceEngineFacadeFixture(
            db_api.context_manager, facade))
        # NOTE: the commands configure the global enginefacade from the
        # file; here it is already replaced by the test's own facade.
        self.useFixture(fixtures.MockPatch('utter_va.db.api.configure'))
        self.stdout = self.useFixture(
            fixtures.MonkeyPatch('sys.stdout', io.StringIO())).new_value
        self.addCleanup(self._unregister)

    def _unregister(self):
        for opt in (manage.command_opt,):
            try:
                cfg.CONF.unregister_opt(opt)
            except cfg.ArgsAlreadyParsedError:
                cfg.CONF.reset()
                cfg.CONF.unregister_opt(opt)

    def run_manage(self, *args):
        cfg.CONF.reset()
        return manage.main(['utter-va-manage', '--config-file',
                            self.config_file] + list(args))


class TestDbCommands(_CommandTestCase):

    def test_upgrade_version_downgrade(self):
        self.run_manage('db', 'version')
        self.assertEqual('base\n', self.stdout.getvalue())
        self.run_manage('db', 'upgrade')
        self.assertEqual(migration.head(), migration.version())
        self.run_manage('db', 'version')
        self.assertTrue(self.stdout.getvalue().endswith(
            migration.head() + '\n'))
        self.run_manage('db', 'downgrade', 'base')
        self.assertIsNone(migration.version())


class TestStatus(_CommandTestCase):

    def _run_status(self):
        cfg.CONF.reset()
        self.addCleanup(self._unregister_status)
        return status.main(['utter-va-status', '--config-file',
                            self.config_file, 'upgrade', 'check'])

    def _unregister_status(self):
        cfg.CONF.reset()
        for name in ('category',):
            if name in cfg.CONF:
                cfg.CONF.unregister_opt(cfg.CONF._get_opt_info(name)['opt'])

    def test_fails_when_schema_is_not_at_head(self):
        self.assertEqual(2, self._run_status())
        self.assertIn('Result: Failure', self.stdout.getvalue())
        self.assertIn('The database schema is at base, not at %s' %
                      migration.head(), self.stdout.getvalue())

    def test_passes_at_head(self):
        migration.upgrade('head')
        self.assertEqual(0, self._run_status())


class TestCapacityShow(_CommandTestCase):

    def test_show_prints_flavors_and_hosts(self):
        from utter_va import capacity
        from utter_va.db import capacity as db_capacity
        from utter_va.db import prices as db_prices
        migration.upgrade('head')
        db_prices.price_set({'flavor_id': 'f1', 'flavor_name': 'm1.small',
                             'vcpus': 1, 'ram_mb': 2048, 'disk_gb': 20,
                             'price_msat_per_hour': 1000, 'max_units': 3,
                             'enabled': True, 'images': []})
        db_capacity.provider_update_from_placement(
            'u1', 'compute1', 4,
            {'VCPU': capacity.Inventory(8, 0, 1, 8, 1, 4.0, 3)})
        db_capacity.flavor_capacity_store([
            {'flavor_id': 'f1', 'fit_units': 8, 'held_units': 1,
             'sellable_units': 3}])
        self.run_manage('capacity', 'show')
        out = self.stdout.getvalue()
        self.assertIn('m1.small', out)
        self.assertIn('compute1', out)
        self.assertIn('3/8', out)
        self.assertRegex(
            out, r'\| m1\.small \| +True +\| +8 +\| +1 +\| +3 +\| +3 ')


class TestPaymentCommands(_CommandTestCase):

    def test_simulate_then_refunds_list(self):
        from utter_va.payment import fake
        from utter_va.tests import fixtures as test_fixtures
        migration.upgrade('head')
        test_fixtures.order_with_request(fake.FakeDriver(), 'o-cli',
                                         3_600_000, 1000, state='expired')
        self.run_manage('payment', 'simulate', 'o-cli', '2500')
        self.assertIn('2500000 msat, confirmed, credited 0 msat',
                      self.stdout.getvalue())
        self.run_manage('refunds', 'list')
        self.assertRegex(self.stdout.getvalue(),
                         r'o-cli +\| +1 +\| +2500000 +\| paid to a closed')
