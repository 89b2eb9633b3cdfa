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

"""keystoneauth sessions and the Cloud: one of each per process."""

import threading
import time

import fixtures

from utter_va.compute import clients
from utter_va.compute import cloud
from utter_va.tests import base

THREADS = 8


class TestSessions(base.TestCase):

    def setUp(self):
        super().setUp()
        for group in ('nova', 'placement'):
            self.flags(auth_type='none', group=group)

    def test_one_session_per_group(self):
        nova = clients.session('nova')
        self.assertIs(nova, clients.session('nova'))
        self.assertIsNot(nova, clients.session('placement'))
        self.assertIs(nova, clients.adapter('nova').session)

    def test_reset_builds_a_new_session(self):
        first = clients.session('nova')
        clients.reset()
        self.assertIsNot(first, clients.session('nova'))

    def test_many_threads_at_once_build_one_session(self):
        built = []
        real = clients._load_session

        def slow_load(group):
            built.append(group)
            time.sleep(0.05)
            return real(group)

        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.compute.clients._load_session', slow_load))
        barrier = threading.Barrier(THREADS)
        got = []

        def ask():
            barrier.wait()
            got.append(clients.session('nova'))

        threads = [threading.Thread(target=ask) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(['nova'], built)
        self.assertEqual(1, len({id(session) for session in got}))


class TestCloud(base.TestCase):

    def setUp(self):
        super().setUp()
        self.built = []
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.compute.nova.NovaClient',
            lambda: self.built.append('nova') or object()))
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.compute.glance.GlanceClient',
            lambda: self.built.append('glance') or object()))

    def test_one_cloud_per_process(self):
        shared = cloud.get()
        self.assertIs(shared, cloud.get())
        cloud.reset()
        self.assertIsNot(shared, cloud.get())

    def test_clients_built_once_when_first_needed(self):
        shared = cloud.get()
        self.assertEqual([], self.built)
        self.assertIs(shared.nova, shared.nova)
        self.assertIs(shared.glance, cloud.get().glance)
        self.assertEqual(['nova', 'glance'], self.built)

    def test_given_clients_are_used(self):
        nova, glance = object(), object()
        given = cloud.Cloud(nova_client=nova, glance_client=glance)
        self.assertEqual((nova, glance), (given.nova, given.glance))
        self.assertEqual([], self.built)
