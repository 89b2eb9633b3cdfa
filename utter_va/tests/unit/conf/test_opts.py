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

"""Tests of the option listing used by oslo-config-generator."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from utter_va import conf
from utter_va.conf import opts
from utter_va.tests import base


class TestListOpts(base.TestCase):

    def test_every_group_is_listed_once(self):
        names = [group if isinstance(group, str) else group.name
                 for group, _ in opts.list_opts()]
        self.assertEqual(len(names), len(set(names)))
        for expected in ('DEFAULT', 'api', 'engine', 'nova', 'placement',
                         'glance'):
            self.assertIn(expected, names)

    def test_every_option_has_help_and_is_registered(self):
        # NOTE: keystoneauth registers an auth plugin's options only once
        # auth_type names the plugin, when the client is loaded.
        plugin_opts = {o.dest for o in
                       ks_loading.get_auth_plugin_conf_options('password')}
        for group, options in opts.list_opts():
            group_name = group if isinstance(group, str) else group.name
            for opt in options:
                self.assertTrue(opt.help, '%s.%s has no help' %
                                (group_name, opt.name))
                if opt.dest in plugin_opts:
                    continue
                namespace = (conf.CONF if group_name == 'DEFAULT'
                             else conf.CONF[group_name])
                self.assertIn(opt.dest, namespace)

    def test_groups_carry_help(self):
        for group, _ in opts.list_opts():
            if isinstance(group, cfg.OptGroup):
                self.assertTrue(group.help, group.name)
