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

"""The market's pages: ``/market/`` (search) and ``/market/offers/<id>``."""

import flask
from werkzeug import datastructures

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.api.v1 import offers as offer_routes
from utter_pool.db import offers as db_offers
from utter_pool import exception
from utter_pool.i18n import _

market = flask.Blueprint('market', __name__, url_prefix='/market',
                         template_folder='templates',
                         static_folder='static')

SORT_LABELS = {'price': _('Price'), 'reliability': _('Reliability'),
               'time_to_active': _('Time to active')}


def _given():
    """The form's values, empty fields left out."""
    return datastructures.MultiDict(
        [(k, v) for k, v in flask.request.args.items(multi=True) if v])


@market.route('/', methods=['GET'])
def search_page():
    request.limit_reads()
    given = _given()
    error, found, values = None, [], {}
    try:
        values = query.parse(offer_routes.SEARCH, given)
        found = [offer_routes.view(o) for o in db_offers.search(
            values, values['sort'], values['limit'], values['marker'],
            request.now(), request.conf().pool.freshness_window)]
    except exception.Invalid as exc:
        error = str(exc)
    next_args = None
    if values and len(found) == values['limit']:
        next_args = dict(given)
        next_args['marker'] = found[-1]['id']
    page = flask.render_template(
        'market/search.html', offers=found, error=error, args=given,
        sorts=SORT_LABELS, next_args=next_args)
    return page, 400 if error else 200


@market.route('/offers/<offer_id>', methods=['GET'])
def offer_page(offer_id):
    request.limit_reads()
    offer = offer_routes.view(db_offers.get(
        offer_id, request.now(), request.conf().pool.freshness_window))
    return flask.render_template('market/offer.html', offer=offer)
