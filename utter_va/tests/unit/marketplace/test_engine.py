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

"""The engine runs the configured marketplace driver and tells it news."""

import configparser
import importlib
import os
from unittest import mock

import fixtures

import utter_va
from utter_va.engine import service
from utter_va import marketplace
from utter_va.marketplace import base as marketplace_base
from utter_va.marketplace import none
from utter_va.marketplace import pool
from utter_va.tests import base
from utter_va.tests import fixtures as utter_fixtures


class TestEntryPoints(base.TestCase):

    def test_setup_cfg_names_the_drivers(self):
        parser = configparser.ConfigParser()
        parser.read(os.path.join(os.path.dirname(os.path.dirname(
            utter_va.__file__)), 'setup.cfg'))
        lines = [line.split('=') for line in parser.get(
            'entry_points', 'utter_va.marketplace').split('\n') if line]
        found = {}
        for name, target in lines:
            module, _sep, attr = target.strip().partition(':')
            found[name.strip()] = getattr(importlib.import_module(module),
                                          attr)
        self.assertEqual({'none': none.NoMarketplace,
                          'pool': pool.PoolDriver}, found)
        for driver in found.values():
            self.assertTrue(issubclass(driver, marketplace_base.
                                       MarketplaceDriver))

    def test_none_is_the_default(self):
        self.assertEqual('none', marketplace.CONF.marketplace.driver)


class TestEngineService(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(utter_fixtures.SqliteDatabase(on_disk=True))
        self.driver = mock.Mock(spec=marketplace_base.MarketplaceDriver)
        self.useFixture(fixtures.MockPatch(
            'utter_va.marketplace.configured_driver',
            return_value=self.driver))
        self.publisher = self.useFixture(fixtures.MockPatch(
            'utter_va.engine.outbox.Publisher')).mock.return_value
        self.publisher.publish.return_value = 0

    def test_started_told_and_stopped(self):
        engine = service.EngineService(follow_cloud=False)
        stopped = []
        self.addCleanup(lambda: stopped or engine.stop())
        engine.start()
        self.driver.start.assert_called_once_with()
        engine.recompute()
        self.driver.offers_changed.assert_called_once_with()
        engine.publish()
        self.driver.order_changed.assert_not_called()
        self.publisher.publish.return_value = 2
        engine.publish()
        self.driver.order_changed.assert_called_with()
        engine.stop()
        stopped.append(True)
        self.driver.stop.assert_called_once_with()

    def test_a_driver_that_cannot_load_sells_on(self):
        marketplace.configured_driver.side_effect = RuntimeError('boom')
        logs = self.useFixture(fixtures.FakeLogger('utter_va.engine.service'))
        engine = service.EngineService(follow_cloud=False)
        engine.start()
        self.addCleanup(engine.stop)
        self.assertIsInstance(engine.marketplace, none.NoMarketplace)
        self.assertIn('could not be loaded', logs.output)
