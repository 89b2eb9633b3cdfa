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

"""Following another pool's feed: everything verified here, again."""

import json

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.db import federation as db_federation
from utter_pool import federation
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes
from utter_protocol import canonical
from utter_protocol import signing

POOL_A = 'https://pool-a.example'


class FakeResponse:
    """What requests answers, for a body of bytes."""

    def __init__(self, status_code, body):
        self.status_code = status_code
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def iter_content(self, size):
        for i in range(0, len(self.body), size):
            yield self.body[i:i + size]


class FakeFeed:
    """Pool A's feed: entries appended, served as ``GET /v1/feed`` does."""

    def __init__(self):
        self.lines = []
        self.requests = []

    def append(self, envelope, raw=None):
        seq = len(self.lines) + 1
        self.lines.append((seq, raw if raw is not None else (
            '{"seq":%d,"cloud":"x","kind":"x","envelope":%s}' % (
                seq, canonical.dumps(envelope).decode())).encode()))
        return seq

    def get(self, url, params, timeout, stream):
        self.requests.append((url, dict(params)))
        body = b''.join(line + b'\n' for seq, line in self.lines
                        if seq > params['since'])
        return FakeResponse(200, body)


class FederationTestCase(base.TestCase):
    """Pool B (this one) follows pool A's fake feed."""

    def setUp(self):
        super().setUp()
        self.config.config(group='federation', follow=[POOL_A + '/'])
        self.feed = FakeFeed()
        self.follower = federation.Follower(base.CONF, http=self.feed,
                                            holder='test')
        self.cloud = fakes.FakeCloud()

    def poll(self):
        summaries = self.follower.poll_all()
        self.assertEqual(1, len(summaries))
        return summaries[0]

    def offers(self):
        return self.client.get('/v1/offers').get_json()['offers']

    def joined_and_approved(self):
        self.feed.append(self.cloud.join())
        self.assertEqual(1, self.poll()['accepted'])
        db_clouds.set_status(self.cloud.id, 'approved', timeutils.utcnow())

    def assertRefusedAndUnchanged(self, envelope=None, raw=None):
        before = self.snapshot()
        del before['federation_cursors']
        seq = self.feed.append(envelope, raw)
        summary = self.poll()
        self.assertEqual((0, 1, seq), (summary['accepted'],
                                       summary['refused'],
                                       summary['last_seq']))
        after = self.snapshot()
        del after['federation_cursors']
        self.assertEqual(before, after)


class TestVerifyAndStore(FederationTestCase):

    def test_a_cloud_learned_from_a_followed_pool_waits_for_approval(self):
        self.feed.append(self.cloud.join())
        self.feed.append(self.cloud.offers())
        summary = self.poll()
        self.assertEqual((1, 1, 2), (summary['accepted'], summary['refused'],
                                     summary['last_seq']))
        cloud = db_clouds.get(self.cloud.id)
        self.assertEqual(('pending', POOL_A), (cloud['status'], cloud['via']))
        self.assertEqual([], self.offers())
        db_clouds.set_status(self.cloud.id, 'approved', timeutils.utcnow())
        self.feed.append(self.cloud.offers(fakes.flavor(sats_per_hour=1700)))
        self.assertEqual(1, self.poll()['accepted'])
        self.assertEqual([(1700, POOL_A)], [(o['sats_per_hour'], o['via'])
                                            for o in self.offers()])

    def test_a_trusted_pool_s_clouds_are_approved_on_arrival(self):
        self.config.config(group='federation', trusted=[POOL_A])
        self.feed.append(self.cloud.join())
        envelope = self.cloud.offers()
        self.feed.append(envelope)
        self.assertEqual(2, self.poll()['accepted'])
        offer, = self.offers()
        self.assertEqual(POOL_A, offer['via'])
        self.assertEqual(POOL_A, offer['cloud']['via'])
        raw = self.client.get('/v1/documents/' + offer['document'])
        self.assertEqual(canonical.dumps(envelope), raw.data)
        signing.verify(self.cloud.public_key, json.loads(raw.data))
        shown = self.client.get('/v1/clouds/' + self.cloud.id).get_json()
        self.assertEqual(POOL_A, shown['cloud']['via'])

    def test_direct_offers_have_no_via(self):
        self.config.config(group='pool', auto_approve=True)
        self.client.post('/v1/clouds', json=self.cloud.join())
        self.client.post('/v1/documents', json=self.cloud.offers())
        self.assertEqual([None], [o['via'] for o in self.offers()])

    def test_the_cursor_moves_and_the_feed_is_read_from_it(self):
        self.joined_and_approved()
        self.feed.append(self.cloud.offers())
        self.poll()
        self.assertEqual(1, self.feed.requests[-1][1]['since'])
        self.assertEqual(POOL_A + '/v1/feed', self.feed.requests[-1][0])
        cursor, = db_federation.get_all()
        self.assertEqual((POOL_A, 2, 2, 0), (
            cursor['url'], cursor['last_seq'], cursor['accepted'],
            cursor['refused']))
        self.assertIsNone(cursor['lease_holder'])

    def test_key_rotation_through_the_feed(self):
        self.joined_and_approved()
        old_key = self.cloud.key
        self.feed.append(self.cloud.rotate())
        self.feed.append(self.cloud.offers(fakes.flavor(sats_per_hour=900)))
        self.assertEqual(2, self.poll()['accepted'])
        self.assertEqual([900], [o['sats_per_hour'] for o in self.offers()])
        stale = signing.sign(old_key, self.cloud.offers()['document'])
        self.assertRefusedAndUnchanged(stale)


class TestRefused(FederationTestCase):

    def setUp(self):
        super().setUp()
        self.joined_and_approved()
        self.feed.append(self.cloud.offers(fakes.flavor(sats_per_hour=1500)))
        self.assertEqual(1, self.poll()['accepted'])

    def test_a_document_the_followed_pool_altered(self):
        envelope = self.cloud.offers(fakes.flavor(sats_per_hour=1400))
        envelope['document']['offers'][0]['sats_per_hour'] = 1
        with self.assertLogs('utter_pool.federation', 'WARNING') as logs:
            self.assertRefusedAndUnchanged(envelope)
        self.assertIn('signature', logs.output[0])
        self.assertEqual([1500], [o['sats_per_hour'] for o in self.offers()])
        # The cloud's next true document is taken.
        self.feed.append(self.cloud.offers(fakes.flavor(sats_per_hour=1300)))
        self.assertEqual(1, self.poll()['accepted'])
        self.assertEqual([1300], [o['sats_per_hour'] for o in self.offers()])

    def test_a_replayed_document(self):
        envelope = self.cloud.offers()
        self.feed.append(envelope)
        self.assertEqual(1, self.poll()['accepted'])
        self.assertRefusedAndUnchanged(envelope)

    def test_an_unknown_cloud_without_a_join(self):
        self.assertRefusedAndUnchanged(fakes.FakeCloud().offers())

    def test_a_join_whose_id_is_not_its_key(self):
        other = fakes.FakeCloud()
        document = other.join()['document']
        document['cloud'] = self.cloud.id[:-1] + '0'
        self.assertRefusedAndUnchanged(other.sign(document))

    def test_the_schema_as_for_direct_documents(self):
        document = self.cloud.offers()['document']
        document['offers'][0]['buyer_email'] = 'x@example.com'
        self.assertRefusedAndUnchanged(self.cloud.sign(document))

    def test_what_the_feed_says_besides_the_envelope_is_ignored(self):
        envelope = self.cloud.offers()
        other = fakes.FakeCloud()
        raw = json.dumps({'seq': 3, 'cloud': other.id, 'kind': 'join',
                          'envelope': other.sign(envelope['document'])})
        self.assertRefusedAndUnchanged(raw=raw.encode())

    def test_a_cloud_that_joined_here_takes_nothing_from_the_feed(self):
        direct = fakes.FakeCloud('Direct')
        self.client.post('/v1/clouds', json=direct.join())
        db_clouds.set_status(direct.id, 'approved', timeutils.utcnow())
        self.assertRefusedAndUnchanged(direct.join())
        self.assertRefusedAndUnchanged(direct.leave())
        self.assertIsNone(db_clouds.get(direct.id)['via'])

    def test_a_federated_cloud_cannot_publish_here_directly(self):
        response = self.client.post('/v1/documents',
                                    json=self.cloud.offers())
        self.assertError(response, 403, 'not listed through')


class TestFollowers(FederationTestCase):

    def test_a_cursor_leased_to_another_follower_is_left_alone(self):
        now = timeutils.utcnow()
        self.assertEqual(0, db_federation.reserve(POOL_A, 'other', now, 60))
        self.feed.append(self.cloud.join())
        self.assertEqual([], self.follower.poll_all())
        self.assertEqual([], self.feed.requests)
        timeutils.set_time_override(now.replace(year=now.year + 1))
        self.assertEqual(1, self.poll()['accepted'])
        self.assertFalse(db_federation.release(POOL_A, 'other', 9, 0, 0,
                                               now))
        self.assertEqual(1, db_federation.get_all()[0]['last_seq'])

    def test_a_line_without_seq_stops_the_poll_before_it(self):
        self.feed.append(self.cloud.join())
        self.feed.append(None, raw=b'{"nope": 1}')
        summary = self.poll()
        self.assertEqual((1, 1), (summary['accepted'], summary['last_seq']))
        self.assertIn('seq', summary['error'])
        self.assertIn('seq', db_federation.get_all()[0]['last_error'])

    def test_a_feed_that_does_not_answer(self):
        def get(*args, **kwargs):
            return FakeResponse(503, b'')
        self.feed.get = get
        summary = self.poll()
        self.assertEqual((0, 'HTTP 503'), (summary['last_seq'],
                                           summary['error']))
