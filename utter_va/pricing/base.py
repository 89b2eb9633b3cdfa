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
        """
