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

"""One driver per namespace and name per process, built once."""

import threading
import time

import fixtures

from utter_va.common import loader
from utter_va.common import singletons
from utter_va import exception
from utter_va import payment
from utter_va.payment import fake
from utter_va.tests import base

THREADS = 8


class TestSingletons(base.TestCase):

    def test_builds_once_per_key(self):
        objects = singletons.Singletons()
        built = []

        def build():
            built.append(object())
            return built[-1]

        first = objects.get('a', build)
        self.assertIs(first, objects.get('a', build))
        self.assertIsNot(first, objects.get('b', build))
        self.assertEqual(2, len(built))

    def test_a_failed_build_is_tried_again(self):
        objects = singletons.Singletons()

        def broken():
            raise RuntimeError('no')

        self.assertRaises(RuntimeError, objects.get, 'a', broken)
        self.assertEqual('built', objects.get('a', lambda: 'built'))

    def test_reset_forgets(self):
        objects = singletons.Singletons()
        first = objects.get('a', object)
        objects.reset()
        self.assertIsNot(first, objects.get('a', object))


class TestLoad(base.TestCase):

    def test_the_same_driver_comes_back(self):
        driver = loader.load('utter_va.payment', 'fake')
        self.assertIsInstance(driver, fake.FakeDriver)
        self.assertIs(driver, loader.load('utter_va.payment', 'fake'))
        self.assertIs(driver, payment.configured_driver())

    def test_one_driver_per_name_and_namespace(self):
        fixed = loader.load('utter_va.pricing', 'fixed')
        self.assertIsNot(fixed, loader.load('utter_va.pricing',
                                            'utilization'))
        self.assertIsNot(fixed, loader.load('utter_va.payment', 'fake'))

    def test_reset_builds_a_new_driver(self):
        driver = loader.load('utter_va.payment', 'fake')
        loader.reset()
        self.assertIsNot(driver, loader.load('utter_va.payment', 'fake'))

    def test_unknown_driver_is_refused_every_time(self):
        for _ in range(2):
            self.assertRaises(exception.DriverNotFound, loader.load,
                              'utter_va.payment', 'coinbase')

    def test_many_threads_at_once_build_one_driver(self):
        built = []
        real = loader.stevedore_driver.DriverManager

        def slow_manager(*args, **kwargs):
            built.append(args)
            # NOTE: slow enough that every thread asks while the first
            # build is still running.
            time.sleep(0.05)
            return real(*args, **kwargs)

        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.common.loader.stevedore_driver.DriverManager',
            slow_manager))
        barrier = threading.Barrier(THREADS)
        got = []

        def ask():
            barrier.wait()
            got.append(loader.load('utter_va.payment', 'fake'))

        threads = [threading.Thread(target=ask) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(1, len(built))
        self.assertEqual(THREADS, len(got))
        self.assertEqual(1, len({id(driver) for driver in got}))
