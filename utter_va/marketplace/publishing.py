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

"""The documents this cloud publishes: its offers and its order events.

Offers are read as ``GET /v1/offers`` reads them
(:func:`utter_va.orders.offers.sellable`), so the pool shows the price a
buyer is charged here. An order event names the order by
:func:`utter_protocol.signing.order_hash` only, and carries nothing but
the state reached, when, the flavor and the close reason: never the order
id, its token, the buyer's key, data or addresses, or a callback URL.
"""

import datetime
import re
import threading
import time

from oslo_utils import timeutils

from utter_protocol import documents
from utter_protocol import signing

from utter_va import conf
from utter_va.orders import offers as offers_domain
from utter_va.orders import states

CONF = conf.CONF

_REASON = re.compile('^[a-z_]{0,64}$')
#: The states whose transitions are reported.
REPORTED = documents.STATES


def offer_item(view):
    """One offer of the offers document, from the buyer's view of it."""
    return {
        'flavor_id': view['flavor_id'],
        'flavor_name': view['flavor_name'],
        'vcpus': view['vcpus'], 'ram_mb': view['ram_mb'],
        'disk_gb': view['disk_gb'],
        'images': [i for i in view['images'] if i][:documents.MAX_IMAGES],
        'image_url': view['image_url'] is not None,
        'sats_per_hour': view['sats_per_hour'],
        'units_available': view['units_available'],
        'min_hours': offers_domain.min_hours(),
        'max_hours': max(offers_domain.min_hours(),
                         offers_domain.max_hours()),
        'visibility': 'public',
    }


def current_offers():
    """What this cloud sells now, as items of an offers document."""
    return [offer_item(view) for view in
            offers_domain.sellable()][:documents.MAX_OFFERS]


def offers_document(key, cloud, sequence, items, lifetime=None):
    """The signed offers envelope of ``items``, valid ``lifetime`` s."""
    issued = timeutils.utcnow()
    lifetime = lifetime or CONF.pool.offers_lifetime
    document = documents.base(
        documents.OFFERS, cloud, sequence=sequence,
        expires_at=documents.format_time(
            issued + datetime.timedelta(seconds=lifetime)),
        offers=items)
    document['issued_at'] = documents.format_time(issued)
    return signing.sign(key, document)


def reportable(change):
    """Whether an order change is news for the pool."""
    if change['to_state'] not in REPORTED:
        return False
    return not (change['to_state'] == states.ACTIVE and
                change['from_state'] in states.BUSY)


def event_item(cloud, change):
    """One anonymous event of an order change (see the module)."""
    item = {'order': signing.order_hash(cloud, change['order_id']),
            'state': change['to_state'],
            'at': documents.format_time(change['created_at']),
            'flavor_id': change['flavor_id']}
    reason = change.get('close_reason')
    if change['to_state'] in states.CLOSED and reason:
        reason = reason.lower()
        item['close_reason'] = reason if _REASON.match(reason) else 'other'
    return item


def events_document(key, cloud, sequence, changes):
    """The signed events envelope of ``changes``."""
    return signing.sign(key, documents.base(
        documents.EVENTS, cloud, sequence=sequence,
        events=[event_item(cloud, change) for change in changes]))


class Sequence:
    """Strictly increasing sequence numbers: microseconds since 1970.

    Bumped past the last one given, so two documents issued in the same
    microsecond (or across a clock step back) still increase.
    """

    def __init__(self, floor=0):
        self._lock = threading.Lock()
        self._last = floor

    def next(self):
        with self._lock:
            self._last = max(self._last + 1, int(time.time() * 1000000))
            return self._last

    def raise_floor(self, value):
        """Never give a number at or below ``value`` from now on."""
        with self._lock:
            self._last = max(self._last, value)
