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


"""Offers: what a buyer can order now, at what price.

The price is the pricing driver's price now, rounded down to whole
satoshis per hour (to the buyer's advantage, never below one satoshi), so
that what a buyer reads is what an order is charged. The API's
``GET /v1/offers`` and the marketplace driver's offers document both read
offers here, so a pool shows the figure the cloud itself shows.
"""

from oslo_log import log

from utter_va.common import image_urls
from utter_va.common import loader
from utter_va import conf
from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va import exception
from utter_va.orders import holds
from utter_va.orders import sales

CONF = conf.CONF
LOG = log.getLogger(__name__)

MSAT_PER_SAT = 1000


def price_now(price, capacity_row, held=None):
    """The hourly price of an offer now, in msat (whole satoshis).

    The driver sees paid holds only (:func:`sales.priced_capacity`).
    """
    driver = loader.load('utter_va.pricing',
                         price['pricing_driver'] or CONF.pricing.driver)
    msat = driver.price_msat_per_hour(
        price, sales.priced_capacity(price, capacity_row, held))
    return max(MSAT_PER_SAT, msat // MSAT_PER_SAT * MSAT_PER_SAT)


def min_hours():
    """The fewest hours one order may buy."""
    return max(1, -(-CONF.payment.minimum_purchase_seconds // 3600))


def max_hours():
    """The most hours one order may buy."""
    return max(1, CONF.payment.maximum_duration_seconds // 3600)


def image_url_terms(price):
    """What a buyer's own image must be, if the offer takes one (or None)."""
    if not price.get('allow_image_url'):
        return None
    return {'disk_formats': list(CONF.images.disk_formats),
            'checksum_algorithms': sorted(image_urls.ALGORITHMS),
            'schemes': list(CONF.images.url_schemes),
            'max_size_mb': CONF.images.max_size}


def offer_view(price, capacity_row, held=None):
    """An offer as buyers see it: nothing internal.

    ``held`` is what orders hold of the flavor, when read already.
    """
    return {
        'flavor_id': price['flavor_id'],
        'flavor_name': price['flavor_name'],
        'vcpus': price['vcpus'], 'ram_mb': price['ram_mb'],
        'disk_gb': price['disk_gb'],
        'images': list(price['images'] or []),
        'image_url': image_url_terms(price),
        'sats_per_hour': price_now(price, capacity_row,
                                   held) // MSAT_PER_SAT,
        'units_available': sales.units_available(price, capacity_row, held),
    }


def sellable(logger=LOG):
    """The views of every enabled offer with a unit available now.

    An offer whose price cannot be computed is left out (and logged on
    ``logger``).
    """
    capacity_rows = {row['flavor_id']: row
                     for row in db_capacity.flavor_capacity_list()}
    held = holds.holds_of_flavors()
    listed = []
    for price in db_prices.price_list(enabled_only=True):
        # NOTE: one broken price (a pricing driver that is not installed,
        # or fails) must not hide the other offers.
        try:
            view = offer_view(price, capacity_rows.get(price['flavor_id']),
                              held.get(price['flavor_id'], (0, 0)))
        except exception.UtterVaException as exc:
            logger.error('Offer of flavor %s (%s) skipped: %s',
                         price['flavor_name'], price['flavor_id'], exc)
            continue
        except Exception:
            logger.exception('Offer of flavor %s (%s) skipped: its '
                             'pricing driver failed', price['flavor_name'],
                             price['flavor_id'])
            continue
        if view['units_available'] > 0:
            listed.append(view)
    return listed
