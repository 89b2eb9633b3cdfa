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

"""The transparency feed: every accepted document, in order."""

import json

from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes
from utter_protocol import canonical
from utter_protocol import signing


class TestFeed(base.TestCase):

    def setUp(self):
        super().setUp()
        self.config.config(group='pool', auto_approve=True)
        self.cloud = fakes.FakeCloud()
        self.join = self.cloud.join()
        self.client.post('/v1/clouds', json=self.join)
        self.sent = [self.join]
        for price in (2000, 1800):
            envelope = self.cloud.offers(fakes.flavor(sats_per_hour=price))
            self.client.post('/v1/documents', json=envelope)
            self.sent.append(envelope)
        # A refused document is not in the feed.
        self.client.post('/v1/documents', json=self.sent[-1])

    def lines(self, query=''):
        response = self.client.get('/v1/feed' + query)
        self.assertEqual(200, response.status_code)
        self.assertEqual('application/x-ndjson', response.mimetype)
        return [json.loads(line) for line in response.data.splitlines()]

    def test_every_accepted_document_in_order(self):
        entries = self.lines()
        self.assertEqual([1, 2, 3], [e['seq'] for e in entries])
        self.assertEqual(['join', 'offers', 'offers'],
                         [e['kind'] for e in entries])
        self.assertEqual([canonical.dumps(e) for e in self.sent],
                         [canonical.dumps(e['envelope']) for e in entries])
        for entry in entries:
            self.assertEqual(self.cloud.id, entry['cloud'])

    def test_followers_verify_the_signatures_themselves(self):
        entries = self.lines()
        key = entries[0]['envelope']['document']['public_key']
        self.assertEqual(self.cloud.id, signing.cloud_id(key))
        for entry in entries:
            signing.verify(key, entry['envelope'])

    def test_since_is_exclusive_and_limit_pages(self):
        self.assertEqual([2], [e['seq'] for e in self.lines(
            '?since=1&limit=1')])
        self.assertEqual([3], [e['seq'] for e in self.lines('?since=2')])
        self.assertEqual([], self.lines('?since=3'))
        self.assertError(self.client.get('/v1/feed?since=-1'), 400)
