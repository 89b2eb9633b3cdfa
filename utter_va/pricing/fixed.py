"""The fixed pricing driver: the operator's price, always."""

from utter_va.pricing import base


class FixedPricing(base.PricingDriver):
    """Sells at the base price whatever the cloud's load."""

    def price_msat_per_hour(self, price, capacity):
        return price['price_msat_per_hour']
