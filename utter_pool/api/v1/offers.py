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

"""The buyers' search: ``GET /v1/offers`` and ``GET /v1/offers/<id>``."""

from urllib import parse

import flask

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.db import offers as db_offers

offers = flask.Blueprint('offers', __name__)

MAX_LIMIT = 100
_COUNT = {'kind': int, 'minimum': 0, 'maximum': 10 ** 12}

#: The query of the search, declared once.
SEARCH = {
    'min_vcpus': query.Param(**_COUNT),
    'min_ram_mb': query.Param(**_COUNT),
    'min_disk_gb': query.Param(**_COUNT),
    'max_sats_per_hour': query.Param(**_COUNT),
    'image': query.Param(),
    'region': query.Param(),
    'country': query.Param(max_length=2),
    'min_reliability': query.Param(kind=float, minimum=0, maximum=1),
    'sort': query.Param(choices=sorted(db_offers.SORTS), default='price'),
    'limit': query.Param(kind=int, minimum=1, maximum=MAX_LIMIT,
                         default=20),
    'marker': query.Param(max_length=32),
}


def buy_url(offer):
    """The cloud's storefront checkout, with the flavor preselected."""
    url = offer['cloud']['storefront_url']
    return '%s%sflavor=%s' % (url, '&' if '?' in url else '?',
                              parse.quote(offer['flavor_name']))


def view(offer):
    """An offer as the API and the pages show it."""
    offer['buy_url'] = buy_url(offer)
    return offer


@offers.route('/v1/offers', methods=['GET'])
def search():
    request.limit_reads()
    values = query.parse(SEARCH)
    conf = request.conf()
    found = db_offers.search(values, values['sort'], values['limit'],
                             values['marker'], request.now(),
                             conf.pool.freshness_window)
    result = {'offers': [view(o) for o in found]}
    if len(found) == values['limit']:
        result['next_marker'] = found[-1]['id']
    return flask.jsonify(result)


@offers.route('/v1/offers/<offer_id>', methods=['GET'])
def show(offer_id):
    request.limit_reads()
    query.parse({})
    offer = db_offers.get(offer_id, request.now(),
                          request.conf().pool.freshness_window)
    return flask.jsonify({'offer': view(offer)})
