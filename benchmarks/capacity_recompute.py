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

"""Full recompute of the sellable table: 10,000 providers x 50 flavors.

Providers come from a few hardware profiles with random usage, as in a real
cloud; flavors span the usual sizes. The recompute is the engine's own
``compute_rows``; the table shows the median of several runs, and as a
baseline in the same run, the time of one plain loop that touches every
provider once per flavor without any arithmetic.
"""

import random
import statistics
import time

from utter_va import capacity
from utter_va.engine import capacity_model

PROVIDERS = 10_000
FLAVORS = 50
RUNS = 7

PROFILES = (  # vcpus, ram MB, disk GB
    (32, 131072, 1000), (64, 262144, 2000), (16, 65536, 500),
    (128, 524288, 4000))


def make_providers(rng):
    providers = []
    for i in range(PROVIDERS):
        vcpus, ram, disk = rng.choice(PROFILES)
        used = rng.random()
        providers.append({
            'service_disabled': rng.random() < 0.02,
            'service_up': rng.random() > 0.01,
            'inventories': {
                'VCPU': capacity.Inventory(vcpus, 0, 1, vcpus, 1, 4.0,
                                           int(vcpus * 4 * used)),
                'MEMORY_MB': capacity.Inventory(
                    ram, 2048, 1, ram, 1, 1.0,
                    int((ram - 2048) * used) // 512 * 512),
                'DISK_GB': capacity.Inventory(disk, 0, 1, disk, 1, 1.0,
                                              int(disk * used)),
            }})
    return providers


def make_prices(rng):
    prices = []
    for i in range(FLAVORS):
        vcpus = rng.choice((1, 2, 4, 8, 16))
        prices.append({'flavor_id': 'f%d' % i, 'vcpus': vcpus,
                       'ram_mb': vcpus * rng.choice((1024, 2048, 4096)),
                       'disk_gb': rng.choice((10, 20, 40, 80)),
                       'max_units': None, 'enabled': True})
    return prices


def _time(function, *args):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(*args)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _touch_only(providers, prices):
    for _ in prices:
        for provider in providers:
            provider['service_up']


def run():
    rng = random.Random(42)
    providers = make_providers(rng)
    prices = make_prices(rng)
    recompute_ms = _time(capacity_model.compute_rows, providers, prices, {})
    baseline_ms = _time(_touch_only, providers, prices)
    rows = capacity_model.compute_rows(providers, prices, {})
    print('%-34s %12s' % ('measure', 'value'))
    print('%-34s %12d' % ('providers', PROVIDERS))
    print('%-34s %12d' % ('flavors', FLAVORS))
    print('%-34s %12.1f' % ('full recompute, median ms', recompute_ms))
    print('%-34s %12.1f' % ('touch-only loop, median ms', baseline_ms))
    print('%-34s %12.2f' % ('ratio recompute/touch-only',
                            recompute_ms / baseline_ms))
    print('%-34s %12d' % ('sellable units (all flavors)',
                          sum(r['sellable_units'] for r in rows)))
    print('RESULT capacity_recompute ms=%.1f baseline_ms=%.1f ratio=%.2f' % (
        recompute_ms, baseline_ms, recompute_ms / baseline_ms))
