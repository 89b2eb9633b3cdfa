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

"""POST /v1/documents: what is accepted, and every refusal changes nothing."""

import copy
import datetime

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes
from utter_protocol import canonical
from utter_protocol import documents
from utter_protocol import signing


class DocumentsTestCase(base.TestCase):
    """A pool with one approved cloud A and its first offers."""

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.assertEqual(202, self.client.post(
            '/v1/clouds', json=self.cloud.join()).status_code)
        db_clouds.set_status(self.cloud.id, 'approved', timeutils.utcnow())
        self.assertEqual(202, self.post(self.cloud.offers()).status_code)

    def post(self, envelope=None, data=None):
        if data is not None:
            return self.client.post('/v1/documents', data=data,
                                    content_type='application/json')
        return self.client.post('/v1/documents', json=envelope)

    def assertRefused(self, envelope, code, contains=None, data=None):
        before = self.snapshot()
        self.assertError(self.post(envelope, data), code, contains)
        self.assertEqual(before, self.snapshot())


class TestAccepted(DocumentsTestCase):

    def test_offers_accepted_with_their_document_id(self):
        envelope = self.cloud.offers(fakes.flavor(sats_per_hour=1500))
        response = self.post(envelope)
        self.assertEqual(202, response.status_code)
        self.assertEqual({'accepted': True, 'kind': 'offers', 'sequence': 2,
                          'document': signing.digest(envelope)},
                         response.get_json())
        offers = self.client.get('/v1/offers').get_json()['offers']
        self.assertEqual([1500], [o['sats_per_hour'] for o in offers])
        self.assertEqual(signing.digest(envelope), offers[0]['document'])

    def test_the_raw_document_verifies_against_the_cloud_key(self):
        envelope = self.cloud.offers()
        document_id = self.post(envelope).get_json()['document']
        raw = self.client.get('/v1/documents/' + document_id)
        self.assertEqual(200, raw.status_code)
        cloud = self.client.get('/v1/clouds/' + self.cloud.id).get_json()
        signing.verify(cloud['cloud']['public_key'], raw.get_json())
        self.assertEqual(canonical.dumps(envelope), raw.data)

    def test_rotated_key_signs_from_now_on_and_old_key_is_refused(self):
        old_key = self.cloud.key
        self.assertEqual(202, self.post(self.cloud.rotate()).status_code)
        stale = signing.sign(old_key, self.cloud.offers()['document'])
        self.assertRefused(stale, 403, 'current key')
        self.assertEqual(202, self.post(self.cloud.offers()).status_code)
        keys = self.client.get('/v1/clouds/' + self.cloud.id).get_json()[
            'cloud']['public_keys']
        self.assertEqual(2, len(keys))
        self.assertIsNotNone(keys[0]['valid_until'])
        self.assertIsNone(keys[1]['valid_until'])

    def test_leave_removes_the_offers_and_refuses_what_follows(self):
        self.assertEqual(202, self.post(self.cloud.leave()).status_code)
        self.assertEqual([], self.client.get('/v1/offers').get_json()[
            'offers'])
        self.assertRefused(self.cloud.offers(), 403, 'left')

    def test_events_are_stored_once_per_order_and_state(self):
        at = timeutils.utcnow() - datetime.timedelta(hours=1)
        paid = fakes.event('o1', 'paid', at)
        self.assertEqual(202, self.post(self.cloud.events(paid)).status_code)
        self.assertEqual(202, self.post(self.cloud.events(
            paid, fakes.event('o1', 'active', at))).status_code)
        figures = self.client.get('/v1/clouds/' + self.cloud.id).get_json()[
            'cloud']['reliability']
        self.assertEqual(1, figures['orders_paid'])
        self.assertEqual(1.0, figures['active_share'])


class TestRefused(DocumentsTestCase):

    def test_forged_signature(self):
        envelope = self.cloud.offers()
        envelope['signature'] = signing.b64encode(b'\x00' * 64)
        self.assertRefused(envelope, 403, 'signature')

    def test_tampered_document(self):
        envelope = self.cloud.offers()
        envelope['document']['offers'][0]['sats_per_hour'] = 1
        self.assertRefused(envelope, 403, 'signature')

    def test_replayed_document(self):
        envelope = self.cloud.offers()
        self.assertEqual(202, self.post(envelope).status_code)
        self.assertRefused(envelope, 409, 'not above')

    def test_older_sequence(self):
        self.assertEqual(202, self.post(self.cloud.offers(
            sequence=10)).status_code)
        self.assertRefused(self.cloud.offers(sequence=9), 409, 'not above')

    def test_another_clouds_key(self):
        other = fakes.FakeCloud(name='Cloud B')
        self.client.post('/v1/clouds', json=other.join())
        db_clouds.set_status(other.id, 'approved', timeutils.utcnow())
        document = self.cloud.offers()['document']
        self.assertRefused(other.sign(document), 403, 'signature')

    def test_unknown_cloud(self):
        self.assertRefused(fakes.FakeCloud().offers(), 403, 'Unknown')

    def test_pending_cloud(self):
        pending = fakes.FakeCloud()
        self.client.post('/v1/clouds', json=pending.join())
        self.assertRefused(pending.offers(), 403, 'pending')

    def test_suspended_and_refused_clouds(self):
        for status in ('suspended', 'refused'):
            db_clouds.set_status(self.cloud.id, status, timeutils.utcnow())
            self.assertRefused(self.cloud.offers(), 403, status)

    def test_expired_document(self):
        issued = datetime.datetime.now(datetime.timezone.utc) - (
            datetime.timedelta(hours=1))
        self.assertRefused(self.cloud.offers(issued=issued), 409, 'expired')

    def test_document_from_the_future(self):
        issued = datetime.datetime.now(datetime.timezone.utc) + (
            datetime.timedelta(hours=1))
        self.assertRefused(self.cloud.offers(issued=issued), 409, 'future')

    def test_schema(self):
        document = self.cloud.offers()['document']
        document['offers'][0]['buyer_email'] = 'x@example.com'
        self.assertRefused(self.cloud.sign(document), 400, 'buyer_email')

    def test_times_that_match_the_pattern_but_are_no_times(self):
        # NOTE: found by schemathesis: a 500 before the times were parsed.
        for name, value in (('expires_at', '0688-07-80T43:42:92.346390Z'),
                            ('issued_at', '2026-02-30T10:00:00Z')):
            document = self.cloud.offers()['document']
            document[name] = value
            self.assertRefused(self.cloud.sign(document), 400,
                               '%s: not a time' % name)
        event = fakes.event('o1', 'paid', timeutils.utcnow())
        event['at'] = '2026-12-01T24:00:00Z'
        self.assertRefused(self.cloud.events(event), 400,
                           'events/0/at: not a time')

    def test_json_that_has_no_canonical_form(self):
        # NOTE: found by schemathesis: rfc8785's refusals were a 500.
        document = self.cloud.leave()['document']
        for value in ('185383793426522341376', 'NaN'):
            data = ('{"document": {%s, "sequence": %s}, "signature": "%s"}'
                    % (canonical.dumps(document)[1:-1].decode(), value,
                       'A' * 86)).encode()
            self.assertRefused(None, 400, 'not canonical JSON', data=data)
        self.assertRefused(None, 400, 'not canonical JSON',
                           data=b'{"document": {"kind": "\ud800"}}')

    def test_a_kind_that_is_not_text(self):
        # NOTE: found by schemathesis: an unhashable kind was a 500.
        document = self.cloud.leave()['document']
        for kind in ({'a': 1}, ['leave'], 3):
            document['kind'] = kind
            self.assertRefused(self.cloud.sign(document), 400, 'kind: one of')

    def test_twice_the_same_flavor(self):
        self.assertRefused(self.cloud.offers(fakes.flavor(), fakes.flavor()),
                           400, 'twice')

    def test_not_json(self):
        self.assertRefused(None, 400, 'not JSON', data=b'{nope')

    def test_a_join_is_not_a_document(self):
        self.assertRefused(self.cloud.join(), 400, 'join')

    def test_over_the_size_cap(self):
        data = b'{"a": "%s"}' % (b'x' * documents.MAX_BYTES)
        self.assertRefused(None, 413, data=data)

    def test_rotation_to_a_key_the_cloud_does_not_hold(self):
        current_key = self.cloud.key
        document = copy.deepcopy(self.cloud.rotate()['document'])
        document['public_key'] = fakes.FakeCloud().public_key
        self.assertRefused(signing.sign(current_key, document), 403)
