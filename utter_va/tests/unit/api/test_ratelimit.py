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

import time
import tracemalloc
import uuid

import redis
import webtest

from utter_va.api import app as api_app
from utter_va.api import client_network
from utter_va.api import ratelimit
from utter_va.tests import base
from utter_va.tests import fixtures


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


class TestClientAddress(base.TestCase):
    """The client is the right-most address that is not a trusted proxy."""

    def test_client_address(self):
        trusted = client_network.trusted_networks(['10.0.0.0/8', '::1'])
        for peer, forwarded, expected in (
                ('192.0.2.1', '198.51.100.1', '192.0.2.1'),
                ('10.0.0.5', None, '10.0.0.5'),
                ('10.0.0.5', '198.51.100.1', '198.51.100.1'),
                ('10.0.0.5', 'forged, 198.51.100.1, 203.0.113.9, 10.1.1.1',
                 '203.0.113.9'),
                ('::1', '10.2.2.2, 10.3.3.3', '10.2.2.2'),
                ('::ffff:10.0.0.5', '[2001:db8::7]:443', '2001:db8::7'),
                ('10.0.0.5', '203.0.113.9:8080', '203.0.113.9'),
                ('10.0.0.5', '::ffff:203.0.113.9', '203.0.113.9')):
            self.assertEqual(expected, client_network.client_address(
                peer, forwarded, trusted), (peer, forwarded))
        for forwarded in ('198.51.100.1, evil', 'unknown', '', '1.2.3.4,',
                          '[2001:db8::7', '1.2.3.4:http'):
            self.assertRaises(client_network.InvalidAddress,
                              client_network.client_address, '10.0.0.5',
                              forwarded + ' ', trusted)


class TestLimiter(base.TestCase):

    def test_limit_then_release(self):
        limiter = ratelimit.Limiter(3, 1)
        self.assertEqual([0, 0, 0], [limiter.hit('a') for _ in range(3)])
        self.assertEqual(1, limiter.hit('a'))
        self.assertEqual(1, limiter.check('a'))
        self.assertEqual(0, limiter.hit('b'))
        time.sleep(1.1)
        self.assertEqual(0, limiter.hit('a'))

    def test_least_recently_seen_keys_are_forgotten(self):
        limiter = ratelimit.Limiter(1, 60, max_keys=10)
        for i in range(100):
            limiter.hit('k%d' % i)
        self.assertEqual(10, limiter.keys())
        self.assertTrue(limiter.hit('k99'))
        self.assertEqual(0, limiter.hit('k0'))


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


class TestWhoIsCounted(base.TestCase):
    """Tokens count once Keystone accepted them; addresses can't be forged."""

    def setUp(self):
        super().setUp()
        self.flags(anonymous_rate_limit=2, group='api')
        self.token = self.useFixture(fixtures.KeystonePersonas()).token

    def app(self, **api):
        self.flags(group='api', **api)
        return webtest.TestApp(api_app.create_app())

    def get(self, app, remote='192.0.2.1', **headers):
        return app.get('/', extra_environ={'REMOTE_ADDR': remote},
                       headers=headers, expect_errors=True)

    def test_a_made_up_token_does_not_bypass_the_limit(self):
        app = self.app()
        real = self.token['admin']
        self.assertEqual([200] * 5, [self.get(app, **{
            'X-Auth-Token': real}).status_int for _ in range(5)])
        self.assertEqual([401, 401, 429], [self.get(app, **{
            'X-Auth-Token': 'made-up-%d' % i}).status_int
            for i in range(3)])
        self.assertEqual(429, self.get(app).status_int)

    def test_forged_forwarded_for_from_an_untrusted_peer_is_ignored(self):
        self.flags(enable_proxy_headers_parsing=True,
                   group='oslo_middleware')
        app = self.app()
        answers = [self.get(app, **{'X-Forwarded-For': '198.51.100.%d' % i})
                   for i in range(3)]
        self.assertEqual([200, 200, 429], [a.status_int for a in answers])
        self.assertIn('192.0.2.1/32', answers[-1].json['error']['message'])

    def test_the_right_most_untrusted_address_is_the_client(self):
        self.flags(enable_proxy_headers_parsing=True,
                   group='oslo_middleware')
        app = self.app(trusted_proxies=['10.0.0.0/8'])
        answers = [self.get(app, remote='10.0.0.5', **{
            'X-Forwarded-For': '198.51.100.%d, 203.0.113.9, 10.1.1.1' % i})
            for i in range(3)]
        self.assertEqual([200, 200, 429], [a.status_int for a in answers])
        self.assertIn('203.0.113.9/32', answers[-1].json['error']['message'])
        # Another client behind the same proxy has its own count.
        self.assertEqual(200, self.get(app, remote='10.0.0.5', **{
            'X-Forwarded-For': '203.0.113.10'}).status_int)

    def test_a_forwarded_for_that_is_not_an_address_is_400(self):
        app = self.app(trusted_proxies=['10.0.0.5'])
        answer = self.get(app, remote='10.0.0.5',
                          **{'X-Forwarded-For': '198.51.100.1, evil'})
        self.assertEqual(400, answer.status_int)
        self.assertIn('X-Forwarded-For', answer.json['error']['message'])

    def test_the_table_of_counts_is_bounded(self):
        self.flags(anonymous_rate_max_clients=500, group='api')
        middleware = ratelimit.RateLimitMiddleware(
            lambda environ, start_response: [b''], api_app.CONF)

        def from_networks(first, count):
            for n in range(first, first + count):
                middleware({'REMOTE_ADDR': '2001:db8:%x:%x::1' % (
                    n >> 16, n & 0xffff)}, lambda *args: None)
        from_networks(0, 2000)
        tracemalloc.start()
        self.addCleanup(tracemalloc.stop)
        before = tracemalloc.get_traced_memory()[0]
        from_networks(2000, 30000)
        grown = tracemalloc.get_traced_memory()[0] - before
        # NOTE: 30,000 more networks kept would take megabytes.
        self.assertLess(grown, 1_000_000)


class TestSharedCount(base.TestCase):
    """Two API processes on one Redis share their clients' counts."""

    URL = 'redis://127.0.0.1:6379'

    def setUp(self):
        super().setUp()
        self.prefix = 'utter-va-test-%s' % uuid.uuid4().hex
        client = redis.Redis.from_url(self.URL)
        self.addCleanup(client.close)
        self.addCleanup(lambda: [client.delete(key) for key in
                                 client.scan_iter(self.prefix + '*')])
        self.flags(auth_strategy='noauth', anonymous_rate_limit=3,
                   rate_limit_storage_url=self.URL,
                   rate_limit_key_prefix=self.prefix, group='api')
        self.redis = client

    def test_two_apps_share_the_count(self):
        first = webtest.TestApp(api_app.create_app())
        second = webtest.TestApp(api_app.create_app())
        environ = {'REMOTE_ADDR': '192.0.2.1'}
        statuses = [app.get('/', extra_environ=environ,
                            expect_errors=True).status_int
                    for app in (first, second, first, second)]
        self.assertEqual([200, 200, 200, 429], statuses)
        self.assertTrue(list(self.redis.scan_iter(self.prefix + '*')))
