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

"""utter-va-engine's start: a payment driver it cannot use stops it."""

import fixtures

from utter_va.cmd import engine
from utter_va.tests import base


class TestEngineStart(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch(
            'utter_va.common.config.prepare_service'))
        self.useFixture(fixtures.MockPatch('utter_va.db.api.configure'))
        self.launch = self.useFixture(fixtures.MockPatch(
            'oslo_service.service.launch')).mock
        self.log = self.useFixture(fixtures.FakeLogger(
            name='utter_va.cmd.engine'))

    def test_plain_http_processor_refused_with_a_clear_error(self):
        self.flags(driver='btcpay', group='payment')
        self.flags(url='http://btcpay.example', group='payment_btcpay')
        self.assertEqual(1, engine.main(['utter-va-engine']))
        self.assertFalse(self.launch.called)
        self.assertIn('utter-va-engine does not start: The payment '
                      'processor btcpay is not used: [payment_btcpay] url '
                      'http://btcpay.example is plain http',
                      self.log.output)
        self.assertNotIn('Traceback', self.log.output)

    def test_usable_driver_starts(self):
        self.flags(driver='btcpay', group='payment')
        self.flags(url='https://btcpay.example', group='payment_btcpay')
        engine.main(['utter-va-engine'])
        self.assertTrue(self.launch.called)
