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

"""Tests of the anonymous rate limit and of client networks."""

import webtest

from utter_va.api import app as api_app
from utter_va.api import client_network
from utter_va.api import ratelimit
from utter_va.tests import base


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class TestClientNetwork(base.TestCase):

    def test_networks(self):
        for address, expected in (
                ('192.0.2.7', '192.0.2.7/32'),
                ('2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'),
                ('2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'),
                ('::ffff:192.0.2.7', '192.0.2.7/32'),
                ('not-an-ip', 'not-an-ip'),
                (None, 'unknown')):
            self.assertEqual(expected, client_network.client_network(address))


class TestSlidingWindow(base.TestCase):

    def test_limit_then_release(self):
        clock = FakeClock()
        window = ratelimit.SlidingWindow(3, 10, clock=clock)
        self.assertEqual([0, 0, 0], [window.hit('a') for _ in range(3)])
        self.assertEqual(10, window.hit('a'))
        self.assertEqual(0, window.hit('b'))
        clock.now += 4
        self.assertEqual(6, window.hit('a'))
        clock.now += 6
        self.assertEqual(0, window.hit('a'))

    def test_idle_keys_are_forgotten(self):
        clock = FakeClock()
        window = ratelimit.SlidingWindow(1, 10, clock=clock)
        for i in range(100):
            window.hit('k%d' % i)
        clock.now += 11
        window.hit('fresh')
        self.assertEqual(['fresh'], list(window._events))


class TestRateLimitMiddleware(base.TestCase):

    def setUp(self):
        super().setUp()
        self.flags(auth_strategy='noauth', anonymous_rate_limit=2,
                   group='api')
        self.app = webtest.TestApp(api_app.create_app())

    def get(self, address, status=200, **headers):
        return self.app.get('/', extra_environ={'REMOTE_ADDR': address},
                            headers=headers, status=status)

    def test_429_past_the_limit_per_network(self):
        self.get('2001:db8::1')
        self.get('2001:db8::2')
        response = self.get('2001:db8::ffff', status=429)
        self.assertEqual(429, response.json['error']['code'])
        self.assertIn('2001:db8::/64', response.json['error']['message'])
        self.assertEqual('60', response.headers['Retry-After'])
        # Another network is not affected.
        self.get('2001:db8:0:1::1')

    def test_operators_are_not_limited(self):
        for _ in range(5):
            self.get('192.0.2.1', **{'X-Auth-Token': 'anything'})

    def test_zero_disables(self):
        self.flags(anonymous_rate_limit=0, group='api')
        app = webtest.TestApp(api_app.create_app())
        for _ in range(5):
            app.get('/', extra_environ={'REMOTE_ADDR': '192.0.2.1'})
