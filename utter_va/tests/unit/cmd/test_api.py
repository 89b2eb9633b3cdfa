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

"""Tests of utter-va-api's start: it needs [api] public_url."""

import fixtures
from oslo_config import cfg

from utter_va.cmd import api as cmd_api
from utter_va import conf
from utter_va.conf import api as api_conf
from utter_va.tests import base


class TestStart(base.TestCase):

    def setUp(self):
        super().setUp()
        for name in ('utter_va.common.config.prepare_service',
                     'utter_va.db.api.configure'):
            self.useFixture(fixtures.MockPatch(name))
        self.serve = self.useFixture(fixtures.MockPatch(
            'werkzeug.serving.run_simple')).mock

    def test_refuses_to_start_without_public_url(self):
        error = self.assertRaises(cfg.RequiredOptError, cmd_api.main,
                                  ['utter-va-api'])
        self.assertIn('public_url', str(error))
        self.assertIn('api', str(error))
        self.serve.assert_not_called()

    def test_starts_with_public_url_or_in_noauth_mode(self):
        self.flags(public_url='https://sales.example.com', group='api')
        cmd_api.main(['utter-va-api'])
        self.flags(public_url=None, auth_strategy='noauth', group='api')
        cmd_api.main(['utter-va-api'])
        self.assertEqual(2, self.serve.call_count)

    def test_check_public_url(self):
        self.assertRaises(cfg.RequiredOptError, api_conf.check_public_url,
                          conf.CONF)
        self.flags(public_url='https://sales.example.com', group='api')
        self.assertIsNone(api_conf.check_public_url(conf.CONF))
