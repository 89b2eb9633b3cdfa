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


"""The shared protocol: canonical bytes, keys, signatures, schemas."""

import copy
import datetime
import os
import stat
import tempfile

import testtools

from utter_protocol import canonical
from utter_protocol import documents
from utter_protocol import errors
from utter_protocol import signing


def key_file():
    path = os.path.join(tempfile.mkdtemp(), 'cloud.key')
    return path, signing.generate(path)


def join(key):
    public = signing.public_key(key)
    return signing.sign(key, documents.base(
        documents.JOIN, signing.cloud_id(public), public_key=public,
        name='Cloud A', region='eu-west', country='FR',
        api_url='https://a.example/',
        storefront_url='https://a.example/store/'))


def offers(key, sequence=1, **offer):
    cloud = signing.cloud_id(signing.public_key(key))
    item = {'flavor_id': 'f1', 'flavor_name': 'm1.small', 'vcpus': 1,
            'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
            'sats_per_hour': 2000, 'units_available': 3, 'min_hours': 1,
            'max_hours': 720, 'visibility': 'public'}
    item.update(offer)
    issued = datetime.datetime.now(datetime.timezone.utc)
    document = documents.base(
        documents.OFFERS, cloud, sequence=sequence,
        expires_at=documents.format_time(
            issued + datetime.timedelta(minutes=5)), offers=[item])
    return signing.sign(key, document)


class TestCanonical(testtools.TestCase):

    def test_key_order_and_spacing_do_not_matter(self):
        self.assertEqual(canonical.dumps({'b': 1, 'a': [1.0, 'é']}),
                         canonical.dumps({'a': [1, 'é'], 'b': 1}))
        self.assertEqual(b'{"a":[1,"\xc3\xa9"],"b":1}',
                         canonical.dumps({'b': 1, 'a': [1, 'é']}))


class TestKeys(testtools.TestCase):

    def test_key_file_is_0600_and_refused_if_readable(self):
        path, key = key_file()
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(signing.public_key(key),
                         signing.public_key(signing.load(path)))
        os.chmod(path, 0o644)
        self.assertRaises(errors.ProtocolError, signing.load, path)

    def test_never_overwrites_a_key(self):
        path, _key = key_file()
        self.assertRaises(FileExistsError, signing.generate, path)


class TestDocuments(testtools.TestCase):

    def setUp(self):
        super().setUp()
        _path, self.key = key_file()
        self.public = signing.public_key(self.key)

    def test_join_verified_by_its_own_key(self):
        document = documents.verified(join(self.key), None)
        self.assertEqual(signing.cloud_id(self.public), document['cloud'])

    def test_join_naming_another_cloud_refused(self):
        envelope = join(self.key)
        envelope['document']['cloud'] = 'f' * 64
        envelope = signing.sign(self.key, envelope['document'])
        self.assertRaises(errors.ProtocolError, documents.verified,
                          envelope, None)

    def test_offers_verified(self):
        document = documents.verified(offers(self.key), self.public)
        self.assertEqual(2000, document['offers'][0]['sats_per_hour'])

    def test_tampered_document_refused(self):
        envelope = offers(self.key)
        envelope['document']['offers'][0]['sats_per_hour'] = 1
        self.assertRaises(errors.BadSignature, documents.verified,
                          envelope, self.public)

    def test_another_key_refused(self):
        _path, other = key_file()
        self.assertRaises(errors.BadSignature, documents.verified,
                          offers(other), self.public)

    def test_reencoded_json_still_verifies(self):
        import json
        envelope = json.loads(json.dumps(offers(self.key), indent=3,
                                         sort_keys=False))
        documents.verified(envelope, self.public)

    def test_unknown_field_refused(self):
        envelope = offers(self.key, buyer_email='a@b.c')
        error = self.assertRaises(errors.ProtocolError, documents.check,
                                  envelope)
        self.assertIn('offers/0', error.reason)

    def test_limits(self):
        envelope = offers(self.key, images=['i%d' % n for n in range(51)])
        self.assertRaises(errors.ProtocolError, documents.check, envelope)
        document = copy.deepcopy(offers(self.key)['document'])
        document['offers'] = document['offers'] * 201
        self.assertRaises(errors.ProtocolError, documents.check,
                          signing.sign(self.key, document))

    def test_lifetime_and_time_checks(self):
        document = offers(self.key)['document']
        document['expires_at'] = documents.format_time(
            documents.parse_time(document['issued_at']) +
            datetime.timedelta(days=2))
        self.assertRaises(errors.ProtocolError, documents.check,
                          signing.sign(self.key, document))
        good = offers(self.key)['document']
        later = documents.parse_time(good['expires_at']) + \
            datetime.timedelta(seconds=1)
        self.assertRaises(errors.Stale, documents.check_time, good, later)

    def test_key_rotation_needs_the_new_keys_proof(self):
        _path, new = key_file()
        cloud = signing.cloud_id(self.public)
        envelope = documents.rotation(cloud, 5, self.key, new)
        document = documents.verified(envelope, self.public)
        self.assertEqual(signing.public_key(new), document['public_key'])
        _path, third = key_file()
        envelope['document']['public_key'] = signing.public_key(third)
        forged = signing.sign(self.key, envelope['document'])
        self.assertRaises(errors.BadSignature, documents.verified, forged,
                          self.public)

    def test_events_carry_no_buyer_data(self):
        cloud = signing.cloud_id(self.public)
        event = {'order': signing.order_hash(cloud, 'o-1'), 'state': 'paid',
                 'at': documents.now()}
        documents.check(signing.sign(self.key, documents.base(
            documents.EVENTS, cloud, sequence=1, events=[event])))
        for extra in ({'ssh_public_key': 'ssh-ed25519 AAAA'},
                      {'callback_url': 'https://x/'}, {'order_id': 'o-1'}):
            document = documents.base(documents.EVENTS, cloud, sequence=1,
                                      events=[dict(event, **extra)])
            self.assertRaises(errors.ProtocolError, documents.check,
                              signing.sign(self.key, document))
