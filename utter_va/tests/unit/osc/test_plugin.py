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

"""The osc-lib plugin module and its entry points."""

import argparse
from importlib import metadata
from unittest import mock

import fixtures
from osc_lib import exceptions

from utter_va.osc import plugin
from utter_va.osc.v1 import client
from utter_va.tests import base

COMMANDS = {
    'utter_offer_list', 'utter_price_set', 'utter_price_unset',
    'utter_price_list', 'utter_price_show', 'utter_price_preview',
    'utter_capacity_show', 'utter_hypervisor_list', 'utter_order_list',
    'utter_order_show', 'utter_order_cancel', 'utter_order_terminate',
    'utter_payment_list', 'utter_pool_status',
}


class TestPlugin(base.TestCase):

    def instance(self, version='1', endpoint=None):
        instance = mock.Mock(interface='public', region_name='RegionOne')
        instance._api_version = {'utter': version}
        instance._cli_options.get_endpoint.return_value = endpoint
        return instance

    def test_make_client(self):
        instance = self.instance()
        utter = plugin.make_client(instance)
        self.assertIsInstance(utter, client.Client)
        self.assertIs(instance.session, utter.http.session)
        self.assertEqual('public', utter.http.interface)
        self.assertEqual('RegionOne', utter.http.region_name)
        self.assertIsNone(utter.http.endpoint_override)
        instance._cli_options.get_endpoint.assert_called_once_with(
            'marketplace')

    def test_make_client_endpoint_override(self):
        utter = plugin.make_client(self.instance(endpoint='http://x:1/'))
        self.assertEqual('http://x:1/', utter.http.endpoint_override)

    def test_unknown_version(self):
        self.assertRaises(exceptions.UnsupportedVersion, plugin.make_client,
                          self.instance(version='2'))

    def test_option_parser(self):
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual('1', parser.parse_args([]).os_utter_api_version)
        self.assertEqual('1', parser.parse_args(
            ['--os-utter-api-version', '1']).os_utter_api_version)

    def test_option_parser_environment(self):
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_UTTER_API_VERSION', '7'))
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual('7', parser.parse_args([]).os_utter_api_version)

    def test_entry_points(self):
        extension = [ep for ep in metadata.entry_points(
            group='openstack.cli.extension') if ep.name == 'utter']
        self.assertEqual(['utter_va.osc.plugin'],
                         [ep.value for ep in extension])
        commands = {ep.name: ep for ep in metadata.entry_points(
            group='openstack.utter.v1')}
        self.assertEqual(COMMANDS, set(commands))
        for ep in commands.values():
            self.assertTrue(ep.load().__doc__, ep.name)
