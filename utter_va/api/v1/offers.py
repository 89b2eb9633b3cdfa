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

"""Offers: what a buyer can order now, at what price; and the operator's
preview of what some hours of a flavor cost.

The price is the pricing driver's price now, rounded down to whole
satoshis per hour (to the buyer's advantage, never below one satoshi), so
that what a buyer reads is what an order is charged.
"""

import flask
from oslo_log import log

from utter_va.api import policy
from utter_va import conf
from utter_va.db import orders as db_orders
from utter_va.db import prices as db_prices
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import offers as offers_domain
from utter_va.orders import sales

CONF = conf.CONF
LOG = log.getLogger(__name__)

offers = flask.Blueprint('offers', __name__)

MSAT_PER_SAT = offers_domain.MSAT_PER_SAT


def parse_hours(text):
    """An ``hours`` query parameter, or raise Invalid naming it."""
    try:
        hours = int(text)
    except (TypeError, ValueError):
        hours = 0
    most = offers_domain.max_hours()
    if not 1 <= hours <= most:
        raise exception.Invalid(reason=_(
            'hours: must be an integer from 1 to %d') % most)
    return hours


@offers.get('/v1/offers')
def list_offers():
    """List what can be ordered now: flavor, images, price, units.

    Only enabled offers with at least one unit available are listed; an
    offer whose price cannot be computed is left out (and logged).
    """
    return {'offers': offers_domain.sellable(LOG)}


@offers.get('/v1/prices/<flavor>/preview')
def preview_price(flavor):
    """What ``hours`` (query parameter) of a flavor (name or id) cost now.

    Priced by the pricing driver from the live capacity, as an order placed
    now would be; with the units available now.
    """
    policy.authorize('utter:price:preview')
    hours = parse_hours(flask.request.args.get('hours', '1'))
    price = db_prices.price_get(flavor)
    capacity_row = db_orders.capacity_get(price['flavor_id'])
    per_hour = offers_domain.price_now(price, capacity_row)
    return {
        'flavor_id': price['flavor_id'],
        'flavor_name': price['flavor_name'],
        'enabled': price['enabled'],
        'pricing_driver': price['pricing_driver'] or CONF.pricing.driver,
        'base_sats_per_hour': price['price_msat_per_hour'] // MSAT_PER_SAT,
        'sats_per_hour': per_hour // MSAT_PER_SAT,
        'hours': hours,
        'total_sats': per_hour * hours // MSAT_PER_SAT,
        'units_available': sales.units_available(price, capacity_row),
    }


preview_price.api_parameters = [
    {'name': 'hours', 'in': 'query', 'required': False,
     'schema': {'type': 'integer', 'minimum': 1}}]
