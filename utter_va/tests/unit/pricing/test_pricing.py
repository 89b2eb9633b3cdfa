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

"""Tests of the pricing drivers."""

from utter_va.common import loader
from utter_va.pricing import fixed
from utter_va.pricing import utilization
from utter_va.tests import base

PRICE = {'flavor_id': 'f', 'price_msat_per_hour': 1_000_000}


def cap(fit, held, sellable):
    return {'fit_units': fit, 'held_units': held,
            'sellable_units': sellable}


class TestPricing(base.TestCase):

    def test_loaded_by_name(self):
        self.assertIsInstance(loader.load('utter_va.pricing', 'fixed'),
                              fixed.FixedPricing)
        self.assertIsInstance(loader.load('utter_va.pricing',
                                          'utilization'),
                              utilization.UtilizationPricing)

    def test_fixed(self):
        self.assertEqual(1_000_000, fixed.FixedPricing().price_msat_per_hour(
            PRICE, cap(0, 0, 0)))

    def test_utilization_curve_is_bounded_and_monotonic(self):
        self.flags(utilization_max_multiplier=3.0, group='pricing')
        driver = utilization.UtilizationPricing()
        prices = [driver.price_msat_per_hour(PRICE, cap(100, 0, left))
                  for left in range(1000, -1, -1)]
        self.assertEqual(sorted(prices), prices)
        self.assertEqual(3_000_000, prices[-1])
        self.assertLessEqual(max(prices), 3_000_000)
        self.assertLess(prices[0], 1_030_000)
        self.assertEqual(1_000_000, driver.price_msat_per_hour(PRICE, None))

    def test_utilization_cases(self):
        self.flags(utilization_max_multiplier=3.0, utilization_exponent=1.0,
                   utilization_midpoint_units=10, group='pricing')
        driver = utilization.UtilizationPricing()
        for capacity, expected in (
                (cap(10, 0, 0), 3_000_000),    # none left
                (cap(20, 10, 10), 2_000_000),  # the midpoint
                (cap(30, 0, 30), 1_500_000),
                (cap(0, 0, 0), 3_000_000)):
            self.assertEqual(expected, driver.price_msat_per_hour(
                PRICE, capacity), capacity)
        self.flags(utilization_exponent=2.0, group='pricing')
        self.assertEqual(1_500_000, driver.price_msat_per_hour(
            PRICE, cap(20, 10, 10)))
