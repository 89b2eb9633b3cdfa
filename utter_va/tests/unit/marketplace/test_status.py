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

"""GET /v1/marketplace and ``openstack utter pool status``."""

from utter_protocol import documents

from utter_va.db import marketplace as db_marketplace
from utter_va.marketplace import client as pool_client
from utter_va.osc.v1 import pool as osc_pool
from utter_va.tests.unit.api import test_prices
from utter_va.tests.unit.marketplace import fake_pool
from utter_va.tests.unit.osc import fakes


class TestMarketplaceRoute(test_prices.PriceRoutesTestCase):

    def setUp(self):
        super().setUp()
        self.pool = fake_pool.FakePool().start()
        self.addCleanup(self.pool.stop)
        pool_client.reset()
        self.addCleanup(pool_client.reset)
        self.flags(driver='pool', group='marketplace')

    def record(self):
        db_marketplace.document_accepted(
            documents.JOIN, 'c' * 64, self.pool.url, document='d' * 64,
            pool_status='pending')
        db_marketplace.document_accepted(
            documents.OFFERS, 'c' * 64, self.pool.url, 17, 'e' * 64)
        db_marketplace.document_failed(
            documents.EVENTS, 'c' * 64, self.pool.url, '403 not approved')

    def test_shows_what_was_recorded(self):
        self.record()
        response = self.call('GET', '/v1/marketplace', persona='reader')
        self.assertEqual(200, response.status_code, response.text)
        answer = response.json
        self.assertEqual(('pool', self.pool.url, 'c' * 64, 'pending'), (
            answer['driver'], answer['pool_url'], answer['cloud'],
            answer['status']))
        self.assertEqual(17, answer['documents']['offers']['sequence'])
        self.assertTrue(answer['documents']['offers']['accepted_at'])
        self.assertEqual('403 not approved',
                         answer['documents']['events']['last_error'])
        self.assertNotIn('pool', answer)
        self.assertEqual([], self.pool.requests)

    def test_check_asks_the_pool(self):
        self.record()
        self.pool.clouds['c' * 64] = {'public_key': 'k', 'status':
                                      'approved'}
        answer = self.call('GET', '/v1/marketplace?check=true',
                           persona='admin').json
        self.assertEqual('approved', answer['pool']['status'])
        self.pool.down = 503
        answer = self.call('GET', '/v1/marketplace?check=true',
                           persona='admin').json
        self.assertIn('503', answer['pool']['error'])

    def test_nothing_joined(self):
        answer = self.call('GET', '/v1/marketplace', persona='admin').json
        self.assertEqual({'driver': 'pool', 'pool_url': None, 'cloud': None,
                          'status': None, 'documents': {}}, answer)

    def test_only_operators(self):
        for persona, status in (('other-admin', 200), ('other-reader', 403),
                                ('other-member', 403), (None, 401)):
            self.assertEqual(status, self.call(
                'GET', '/v1/marketplace', persona=persona).status_code,
                persona)


ANSWER = {
    'driver': 'pool', 'pool_url': 'https://pool.example', 'cloud': 'c' * 64,
    'status': 'approved',
    'documents': {
        'offers': {'sequence': 17, 'accepted_at': '2026-12-01T10:00:00Z',
                   'last_error': None, 'last_error_at': None},
        'events': {'sequence': 5, 'accepted_at': '2026-12-01T09:00:00Z',
                   'last_error': '503 down',
                   'last_error_at': '2026-12-01T10:01:00Z'}}}


class TestPoolStatusCommand(fakes.CommandTestCase):

    def test_status(self):
        self.api.register('GET', '/v1/marketplace', ANSWER)
        columns, values = self.run_command(osc_pool.ShowPoolStatus, [])
        self.assertEqual(dict(zip(columns, values)), {
            'driver': 'pool', 'pool_url': 'https://pool.example',
            'cloud': 'c' * 64, 'status': 'approved',
            'offers_sequence': 17,
            'offers_accepted_at': '2026-12-01T10:00:00Z',
            'events_sequence': 5,
            'events_accepted_at': '2026-12-01T09:00:00Z',
            'last_error': '503 down (events, 2026-12-01T10:01:00Z)'})
        self.assertEqual([('GET', '/v1/marketplace')], self.api.calls())

    def test_check(self):
        self.api.register('GET', '/v1/marketplace', dict(
            ANSWER, status='pending', pool={'status': 'suspended'}))
        columns, values = self.run_command(osc_pool.ShowPoolStatus,
                                           ['--check'])
        shown = dict(zip(columns, values))
        self.assertEqual('suspended', shown['status'])
        self.assertEqual('suspended', shown['pool_check'])
        self.assertIn('check=true', self.api.requests[-1].url)
