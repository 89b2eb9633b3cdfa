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

"""The utilization pricing driver: dearer as the flavor runs out.

With ``s`` the units of the flavor still sellable (what fits, less what
paid orders hold: unpaid orders never move the price) and ``k`` =
``[pricing] utilization_midpoint_units``, the
scarcity is ``k / (k + s)``: 0 with plenty left, 1/2 with ``k`` left, 1
with none. The price is::

    base * (1 + (max_multiplier - 1) * scarcity ** exponent)

It tends to the base price while many units are free, reaches ``base *
max_multiplier`` when none is left, falls monotonically as more are free,
and never exceeds ``[pricing] utilization_max_multiplier`` times the base.
Without a capacity figure yet, the base price applies.
"""

from utter_va import conf
from utter_va.pricing import base

CONF = conf.CONF


def scarcity(sellable_units, midpoint_units):
    """0.0 (plenty left) to 1.0 (none left)."""
    sellable = max(0, sellable_units)
    return midpoint_units / (midpoint_units + sellable)


class UtilizationPricing(base.PricingDriver):
    """The base price, scaled up by a bounded curve of scarcity."""

    def price_msat_per_hour(self, price, capacity):
        if not capacity:
            return price['price_msat_per_hour']
        multiplier = CONF.pricing.utilization_max_multiplier
        curve = scarcity(capacity['sellable_units'],
                         CONF.pricing.utilization_midpoint_units)
        exponent = CONF.pricing.utilization_exponent
        scale = 1 + (multiplier - 1) * curve ** exponent
        # NOTE: integer msat, rounded down: to the buyer's advantage.
        return int(price['price_msat_per_hour'] * scale)
