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

"""What the tests of the offer, order and webhook routes share."""

import fixtures
import webtest

from utter_va.api import app as api_app
from utter_va.compute import glance
from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.tests import base
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.compute import fake_glance

SSH_KEY = test_fixtures.SSH_KEY
BUYER = '192.0.2.10'
#: What the cloud's Glance holds in the API tests.
IMAGES = (fake_glance.image('11111111-1111-4111-8111-111111111111', 'cirros'),
          fake_glance.image('22222222-2222-4222-8222-222222222222', 'debian'),
          fake_glance.image('33333333-3333-4333-8333-333333333333',
                            'service-snapshot', visibility='private'),
          fake_glance.image('44444444-4444-4444-8444-444444444444',
                            'shared-image', visibility='shared'),
          fake_glance.image('55555555-5555-4555-8555-555555555555',
                            'community-image', visibility='community'))


def set_price(flavor_id='f-small', name='m1.small', sats=2000,
              images=('cirros',), enabled=True, max_units=None,
              fit_units=10, pricing_driver='fixed'):
    """A price and the engine's capacity figure for a flavor."""
    db_prices.price_set({
        'flavor_id': flavor_id, 'flavor_name': name, 'vcpus': 1,
        'ram_mb': 2048, 'disk_gb': 20, 'images': list(images),
        'price_msat_per_hour': sats * 1000, 'max_units': max_units,
        'enabled': enabled, 'pricing_driver': pricing_driver})
    rows = [{k: v for k, v in r.items() if k != 'computed_at'}
            for r in db_capacity.flavor_capacity_list()
            if r['flavor_id'] != flavor_id]
    if fit_units is not None:
        rows.append({'flavor_id': flavor_id, 'fit_units': fit_units,
                     'held_units': 0, 'sellable_units': fit_units})
    db_capacity.flavor_capacity_store(rows)


class ApiTestCase(base.DbTestCase):
    """The whole WSGI app, Keystone stubbed, the engine's casts mocked."""

    def setUp(self):
        super().setUp()
        self.flags(anonymous_rate_limit=0, group='api')
        self.flags(public_url='http://localhost', group='api')
        self.glance = fake_glance.FakeGlanceAdapter(IMAGES)
        client = glance.GlanceClient(self.glance)
        self.useFixture(fixtures.MockPatch(
            'utter_va.compute.glance.GlanceClient', lambda: client))
        self.token = self.useFixture(
            test_fixtures.KeystonePersonas()).token
        self.engine = self.useFixture(fixtures.MockPatch(
            'utter_va.engine.rpcapi.EngineAPI')).mock.return_value
        self.app = webtest.TestApp(api_app.create_app())

    def call(self, method, path, body=None, persona=None, headers=None,
             remote=BUYER):
        """One request; ``persona`` adds that persona's Keystone token."""
        all_headers = dict(headers or {})
        if persona:
            all_headers['X-Auth-Token'] = self.token[persona]
        environ = {'REMOTE_ADDR': remote}
        if body is not None:
            send = getattr(self.app, method.lower() + '_json')
            return send(path, body, headers=all_headers,
                        extra_environ=environ, expect_errors=True)
        return getattr(self.app, method.lower())(
            path, headers=all_headers, extra_environ=environ,
            expect_errors=True)

    def order_body(self, **values):
        body = {'flavor': 'm1.small', 'image': 'cirros', 'hours': 2,
                'ssh_public_key': SSH_KEY}
        body.update(values)
        return {k: v for k, v in body.items() if v is not None}

    def place(self, remote=BUYER, headers=None, **values):
        """POST /v1/orders; return the response."""
        return self.call('POST', '/v1/orders', self.order_body(**values),
                         headers=headers, remote=remote)

    def placed(self, **values):
        """Place an order that must succeed; return its JSON."""
        response = self.place(**values)
        self.assertEqual(201, response.status_code, response.text)
        return response.json
