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

"""Options of pricing ([pricing] group)."""

from oslo_config import cfg

pricing_group = cfg.OptGroup(
    'pricing',
    title='Pricing options',
    help='How the price of a flavor is set from the operator\'s base price.')

pricing_opts = [
    cfg.StrOpt('driver',
               default='fixed',
               help='The pricing driver, by its name in the '
                    'utter_va.pricing namespace: "fixed" sells at the '
                    'operator\'s price; "utilization" raises it as the '
                    'flavor\'s free capacity falls.'),
    cfg.FloatOpt('utilization_max_multiplier',
                 default=3.0,
                 min=1.0,
                 max=100.0,
                 help='utilization driver: the price when nothing of the '
                      'flavor is left, as a multiple of the base price. The '
                      'price never exceeds it.'),
    cfg.IntOpt('utilization_midpoint_units',
               default=10,
               min=1,
               help='utilization driver: with this many units of the flavor '
                    'left to sell, the price is half way up the curve '
                    '(with the default exponent).'),
    cfg.FloatOpt('utilization_exponent',
                 default=1.0,
                 min=0.1,
                 max=10.0,
                 help='utilization driver: the shape of the curve; above 1 '
                      'the price stays near the base longer, then climbs '
                      'faster as the last units go.'),
]


def register_opts(conf):
    conf.register_group(pricing_group)
    conf.register_opts(pricing_opts, group=pricing_group)


def list_opts():
    return {pricing_group: pricing_opts}
