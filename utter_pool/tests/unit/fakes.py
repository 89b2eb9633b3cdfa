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

"""A fake cloud for the tests: its key and the documents it signs.

Its documents are issued at the pool's time (``oslo_utils.timeutils``),
so that a test that moves the pool's clock moves the cloud's too.
"""

import datetime
import os
import tempfile

from oslo_utils import timeutils

from utter_protocol import documents
from utter_protocol import signing


def base(kind, cloud, **fields):
    """A document of ``kind`` issued at the pool's time."""
    document = documents.base(kind, cloud, **fields)
    document['issued_at'] = documents.format_time(timeutils.utcnow())
    return document


def flavor(**fields):
    """One offer of an offers document."""
    item = {'flavor_id': 'f1', 'flavor_name': 'm1.small', 'vcpus': 1,
            'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
            'sats_per_hour': 2000, 'units_available': 3, 'min_hours': 1,
            'max_hours': 720, 'visibility': 'public'}
    item.update(fields)
    return item


class FakeCloud:
    """A cloud with an Ed25519 key that signs its documents."""

    def __init__(self, name='Cloud A', region='eu-west', country='FR'):
        self.key = signing.generate(os.path.join(tempfile.mkdtemp(), 'k'))
        self.public_key = signing.public_key(self.key)
        self.id = signing.cloud_id(self.public_key)
        self.name = name
        self.region = region
        self.country = country
        self.sequence = 0

    def sign(self, document):
        return signing.sign(self.key, document)

    def join(self, **fields):
        values = dict(public_key=self.public_key, name=self.name,
                      region=self.region, country=self.country,
                      api_url='https://%s.example/' % self.id[:8],
                      storefront_url='https://%s.example/store/' %
                      self.id[:8])
        values.update(fields)
        return self.sign(base(documents.JOIN, self.id, **values))

    def next_sequence(self, sequence=None):
        self.sequence = sequence if sequence is not None else (
            self.sequence + 1)
        return self.sequence

    def offers(self, *items, sequence=None, lifetime=300, issued=None):
        issued = issued or timeutils.utcnow()
        document = base(
            documents.OFFERS, self.id, sequence=self.next_sequence(sequence),
            expires_at=documents.format_time(
                issued + datetime.timedelta(seconds=lifetime)),
            offers=list(items) or [flavor()])
        document['issued_at'] = documents.format_time(issued)
        return self.sign(document)

    def events(self, *events, sequence=None):
        return self.sign(base(
            documents.EVENTS, self.id, sequence=self.next_sequence(sequence),
            events=list(events)))

    def rotate(self, sequence=None):
        new_key = signing.generate(os.path.join(tempfile.mkdtemp(), 'k'))
        document = base(documents.ROTATE_KEY, self.id,
                        sequence=self.next_sequence(sequence),
                        public_key=signing.public_key(new_key),
                        proof=signing.sign_bytes(new_key, self.id.encode()))
        envelope = signing.sign(self.key, document)
        self.key = new_key
        self.public_key = signing.public_key(new_key)
        return envelope

    def leave(self, sequence=None):
        return self.sign(base(
            documents.LEAVE, self.id,
            sequence=self.next_sequence(sequence)))


def event(order, state, at, close_reason=None):
    """An order event; ``order`` any text (hashed), ``at`` a datetime."""
    item = {'order': signing.order_hash('c', order), 'state': state,
            'at': documents.format_time(at)}
    if close_reason:
        item['close_reason'] = close_reason
    return item
