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

"""Latency of the two buyer routes every sale starts with.

``GET /v1/offers`` with 20 priced flavors and ``POST /v1/orders`` with the
fake payment driver, 1,000 requests each, through the whole WSGI stack
(CORS, request id, rate limit, size limit, auth, Flask) on a real MariaDB
(a private database, dropped at the end) and oslo.messaging's in-memory
bus for the engine's casts. Each order comes from its own client network,
so that no cap refuses it.

The baseline, measured in the same run: a bare WSGI function answering
the same bytes after the same query of the price rows. The table gives
p50 and p99 of both, and the ratio of their medians.
"""

import json
import statistics
import time

from oslo_messaging import conffixture as messaging_fixture
import webtest

from utter_va.api import app as api_app
from utter_va.common import config
from utter_va import conf as utter_conf
from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.functional import fixtures as ft_fixtures

FLAVORS = 20
REQUESTS = 1000
WARMUP = 20
SSH_KEY = test_fixtures.SSH_KEY


def _configure(CONF):
    CONF([], project='utter-va', default_config_files=[])
    config.set_lib_defaults()
    fixture = messaging_fixture.ConfFixture(CONF)
    fixture.setUp()
    fixture.transport_url = 'fake:/'
    overrides = {
        'api': {'auth_strategy': 'noauth', 'anonymous_rate_limit': 0,
                'max_unpaid_orders_per_client': REQUESTS * 2,
                'unpaid_share_per_flavor': 1.0,
                'public_url': 'http://127.0.0.1:9870'},
        'payment': {'driver': 'fake'},
    }
    for group, values in overrides.items():
        for name, value in values.items():
            CONF.set_override(name, value, group=group)


def _prices():
    rows = []
    for i in range(FLAVORS):
        flavor_id = 'bench-flavor-%02d' % i
        db_prices.price_set({
            'flavor_id': flavor_id, 'flavor_name': 'bench.%02d' % i,
            'vcpus': 1 + i % 4, 'ram_mb': 1024 * (1 + i % 4),
            'disk_gb': 10, 'images': ['cirros'],
            'price_msat_per_hour': (1000 + i) * 1000, 'max_units': None,
            'enabled': True,
            'pricing_driver': 'utilization' if i % 2 else 'fixed'})
        rows.append({'flavor_id': flavor_id, 'fit_units': 100000,
                     'held_units': 0, 'sellable_units': 100000})
    db_capacity.flavor_capacity_store(rows)


def _bare_app(body):
    def application(environ, start_response):
        db_prices.price_list(enabled_only=True)
        start_response('200 OK', [('Content-Type', 'application/json'),
                                  ('Content-Length', str(len(body)))])
        return [body]
    return application


def _measure(call, count):
    for i in range(WARMUP):
        call(-1 - i)
    samples = []
    for i in range(count):
        start = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {'p50': statistics.median(samples),
            'p99': samples[int(len(samples) * 0.99) - 1]}


def _client(number):
    return '10.%d.%d.1' % (number // 250 % 250, number % 250)


def run():
    CONF = utter_conf.CONF
    _configure(CONF)
    database = ft_fixtures.MySQLDatabase(migrate=True)
    database.setUp()
    try:
        _prices()
        app = webtest.TestApp(api_app.create_app())
        offers = app.get('/v1/offers')
        assert len(offers.json['offers']) == FLAVORS, offers.text
        bare = webtest.TestApp(_bare_app(offers.body))

        def get_offers(i):
            app.get('/v1/offers')

        def get_bare(i):
            bare.get('/v1/offers')

        def place(i):
            body = {'flavor': 'bench.%02d' % (abs(i) % FLAVORS),
                    'image': 'cirros', 'hours': 1, 'ssh_public_key': SSH_KEY}
            app.post(
                '/v1/orders', json.dumps(body),
                headers={'Content-Type': 'application/json'},
                extra_environ={'REMOTE_ADDR': _client(i + WARMUP)},
                status=201)

        results = {
            'baseline GET /v1/offers (bare WSGI)': _measure(
                get_bare, REQUESTS),
            'GET /v1/offers': _measure(get_offers, REQUESTS),
            'POST /v1/orders (fake driver)': _measure(place, REQUESTS),
        }
    finally:
        database.cleanUp()
    print('%-40s %10s %10s' % ('route (%d requests)' % REQUESTS,
                               'p50 ms', 'p99 ms'))
    for name, figures in results.items():
        print('%-40s %10.2f %10.2f' % (name, figures['p50'], figures['p99']))
    offers = results['GET /v1/offers']
    orders = results['POST /v1/orders (fake driver)']
    baseline = results['baseline GET /v1/offers (bare WSGI)']
    ratio = offers['p50'] / baseline['p50']
    print('%-40s %10.2f' % ('ratio offers/baseline (p50)', ratio))
    print('RESULT api_latency offers_p50_ms=%.2f offers_p99_ms=%.2f '
          'orders_p50_ms=%.2f orders_p99_ms=%.2f baseline_p50_ms=%.2f '
          'ratio=%.2f' % (offers['p50'], offers['p99'], orders['p50'],
                          orders['p99'], baseline['p50'], ratio))
