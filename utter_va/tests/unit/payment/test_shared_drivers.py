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

"""Payment drivers shared by a whole process: one HTTP session each,
options read at call time, and a finite timeout on every call by default."""

from unittest import mock

import fixtures
import requests
import testscenarios

from utter_va.common import loader
from utter_va import exception
from utter_va.payment import base as payment_base
from utter_va.tests import base

load_tests = testscenarios.load_tests_apply_scenarios


class TestSharedDrivers(base.TestCase):

    scenarios = [
        ('btcpay', {'driver': 'btcpay', 'group': 'payment_btcpay',
                    'method': 'request'}),
        ('lnd', {'driver': 'lnd', 'group': 'payment_lnd',
                 'method': 'request'}),
        ('bitcoind', {'driver': 'bitcoind', 'group': 'payment_bitcoind',
                      'method': 'post'}),
    ]

    def setUp(self):
        super().setUp()
        self.flags(driver=self.driver, group='payment')
        self.flags(url='https://first.example', group=self.group)
        self.sessions = []
        self.useFixture(fixtures.MonkeyPatch('requests.Session',
                                             self._session))

    def _session(self):
        session = mock.Mock()
        getattr(session, self.method).side_effect = (
            requests.ConnectionError('refused'))
        self.sessions.append(session)
        return session

    def _call(self):
        """One call of the configured driver; its HTTP call's kwargs."""
        from utter_va import payment
        self.assertRaises(exception.PaymentProcessorError,
                          payment.configured_driver().create_request,
                          'order-1', 1_000_000, 900)
        call = getattr(self.sessions[-1], self.method).call_args
        url = call.args[-1] if call.args else call.kwargs['url']
        return url, call.kwargs

    def test_every_call_has_a_finite_timeout_by_default(self):
        _, kwargs = self._call()
        timeout = kwargs.get('timeout')
        self.assertIsNotNone(timeout)
        self.assertGreater(timeout, 0)
        self.assertLess(timeout, 600)

    def test_one_session_and_options_read_at_call_time(self):
        self.flags(timeout=3, group=self.group)
        first_url, first = self._call()
        self.flags(url='https://second.example', timeout=7, group=self.group)
        second_url, second = self._call()
        self.assertEqual(1, len(self.sessions))
        self.assertIs(loader.load('utter_va.payment', self.driver),
                      loader.load('utter_va.payment', self.driver))
        self.assertTrue(first_url.startswith('https://first.example'))
        self.assertTrue(second_url.startswith('https://second.example'))
        self.assertEqual((3, 7), (first['timeout'], second['timeout']))

    def test_plain_http_to_another_host_is_refused(self):
        from utter_va import payment
        self.flags(url='http://user:s3cret@processor.example:8080',
                   group=self.group)
        exc = self.assertRaises(exception.PaymentProcessorMisconfigured,
                                payment.configured_driver().create_request,
                                'order-1', 1_000_000, 900)
        self.assertIn('[%s] url http://processor.example:8080 ' % self.group,
                      str(exc))
        self.assertIn('allow_insecure_http', str(exc))
        self.assertNotIn('s3cret', str(exc))
        self.assertFalse(getattr(self.sessions[-1], self.method).called)
        self.assertRaises(exception.PaymentProcessorMisconfigured,
                          payment.check_configured)

    def test_plain_http_to_loopback_or_when_allowed_is_used(self):
        from utter_va import payment
        for url in ('http://127.0.0.1:8080', 'http://localhost:8080',
                    'http://[::1]:8080', 'http://127.0.0.2'):
            self.flags(url=url, group=self.group)
            payment.check_configured()
            self.assertTrue(self._call()[0].startswith(url))
        self.flags(url='http://processor.example', group=self.group)
        for group in (self.group, 'payment'):
            self.flags(allow_insecure_http=True, group=group)
            payment.check_configured()
            self.assertTrue(self._call()[0].startswith(
                'http://processor.example'))
            self.flags(allow_insecure_http=False, group=group)

    def test_a_driver_without_url_is_a_clear_error(self):
        from utter_va import payment
        self.flags(url=None, group=self.group)
        exc = self.assertRaises(exception.PaymentProcessorMisconfigured,
                                payment.check_configured)
        self.assertIn('[%s] url is not set' % self.group, str(exc))


class TestLoopback(base.TestCase):
    """Only names that cannot lead elsewhere count as loopback."""

    def test_names_that_are_not_loopback(self):
        for host in ('localhost.example', 'example.localhost', '10.0.0.1',
                     '::ffff:10.0.0.1', '0.0.0.0', '', None):
            self.assertFalse(payment_base.is_loopback(host), host)
        for host in ('LOCALHOST', 'localhost.', '127.1.2.3', '::1',
                     '::ffff:127.0.0.1'):
            self.assertTrue(payment_base.is_loopback(host), host)
