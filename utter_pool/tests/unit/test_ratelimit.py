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

"""Joining, publishing and reading are rate limited."""

from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes


class TestRateLimits(base.TestCase):

    def test_joins_per_client_address(self):
        self.config.config(group='pool', join_rate_limit=2)
        client = self.new_client()
        for _i in range(2):
            self.assertEqual(202, client.post(
                '/v1/clouds', json=fakes.FakeCloud().join()).status_code)
        response = client.post('/v1/clouds', json=fakes.FakeCloud().join())
        self.assertError(response, 429)
        self.assertGreater(int(response.headers['Retry-After']), 0)

    def test_documents_per_cloud(self):
        self.config.config(group='pool', publish_rate_limit=1,
                           auto_approve=True)
        client = self.new_client()
        a, b = fakes.FakeCloud(), fakes.FakeCloud()
        for cloud in (a, b):
            client.post('/v1/clouds', json=cloud.join())
        self.assertEqual(202, client.post('/v1/documents',
                                          json=a.offers()).status_code)
        self.assertError(client.post('/v1/documents', json=a.offers()), 429)
        self.assertEqual(202, client.post('/v1/documents',
                                          json=b.offers()).status_code)

    def test_reads_per_client_address(self):
        self.config.config(group='pool', search_rate_limit=1)
        client = self.new_client()
        self.assertEqual(200, client.get('/v1/offers').status_code)
        self.assertError(client.get('/v1/clouds'), 429)
