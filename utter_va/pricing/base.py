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

"""The contract of pricing drivers (namespace ``utter_va.pricing``).

A pricing driver is pure: from the operator's price row of a flavor and the
capacity the engine computed for it, it returns the price of one hour now,
in millisatoshis. The price is fixed into an order when the order is made;
a later change never alters a placed order.
"""

import abc


class PricingDriver(metaclass=abc.ABCMeta):
    """Base class of pricing drivers."""

    @abc.abstractmethod
    def price_msat_per_hour(self, price, capacity):
        """Return the hourly price of ``price['flavor_id']`` now.

        ``price`` is a flavor_prices row (dict, with
        ``price_msat_per_hour`` the operator's base price); ``capacity`` a
        flavor_capacity row (``fit_units``, ``held_units``,
        ``sellable_units``) or None when the engine has not computed it.
        Its holds are those of paid orders only
        (:func:`utter_va.orders.sales.priced_capacity`): what unpaid
        orders hold never moves a price.
        """
