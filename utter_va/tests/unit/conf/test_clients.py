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

"""[nova], [placement] and [glance]: finite timeouts by default."""

import math

import fixtures
import requests

from utter_va.compute import clients
from utter_va.compute import glance
from utter_va.compute import placement
from utter_va import conf
from utter_va.conf import clients as conf_clients
from utter_va import exception
from utter_va.tests import base

CONF = conf.CONF
GROUPS = ('nova', 'placement', 'glance')


class TestTimeouts(base.TestCase):

    def test_every_group_times_out_by_default(self):
        for group in GROUPS:
            timeout = CONF[group].timeout
            self.assertIsNotNone(timeout, group)
            self.assertTrue(0 < timeout < math.inf, group)
            self.assertEqual(30.0, timeout, group)

    def test_sessions_carry_the_timeout(self):
        for group in GROUPS:
            self.assertEqual(30.0, clients.session(group).timeout, group)

    def test_a_set_timeout_wins(self):
        self.flags(timeout=5, group='placement')
        self.assertEqual(5.0, clients.session('placement').timeout)

    def test_calls_carry_the_timeout(self):
        calls = self.useFixture(fixtures.MockPatch(
            'requests.Session.request',
            side_effect=requests.ConnectionError('refused'))).mock
        for group in ('placement', 'glance'):
            self.flags(auth_type='none', endpoint_override='http://%s' %
                       group, group=group)
        self.assertRaises(exception.CloudUnavailable,
                          placement.PlacementClient().providers)
        self.assertRaises(exception.CloudUnavailable,
                          glance.GlanceClient().image_id, 'cirros')
        self.assertEqual([30.0, 30.0],
                         [call.kwargs['timeout']
                          for call in calls.call_args_list])


class TestSampleDefaults(base.TestCase):

    def test_listed_defaults_are_the_registered_ones(self):
        listed = {group.name: opts
                  for group, opts in conf_clients.list_opts().items()}
        for group in GROUPS:
            registered = CONF[group]
            for opt in listed[group]:
                if opt.dest not in registered:
                    continue  # an auth plugin's, registered on load
                self.assertEqual(registered[opt.dest], opt.default,
                                 '%s.%s' % (group, opt.dest))
        self.assertEqual(30.0, {o.dest: o.default
                                for o in listed['glance']}['timeout'])
