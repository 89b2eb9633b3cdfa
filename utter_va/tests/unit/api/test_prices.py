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

"""Price, capacity and hypervisor routes: behaviour and the RBAC matrix."""

import fixtures
import webtest

from utter_va.api import app as api_app
from utter_va import capacity
from utter_va.db import capacity as db_capacity
from utter_va.tests import base
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.api import orders_base

FLAVOR = {'id': 'f-small', 'name': 'm1.small', 'vcpus': 1, 'ram': 2048,
          'disk': 20, 'ephemeral': 0}

ROUTES = [
    # (method, path, body, admin status, reader status)
    ('GET', '/v1/prices', None, 200, 200),
    ('GET', '/v1/prices/f-small', None, 200, 200),
    ('PUT', '/v1/prices/m1.small', {'sats_per_hour': 2000}, 200, 403),
    ('GET', '/v1/capacity', None, 200, 200),
    ('GET', '/v1/hypervisors', None, 200, 200),
    ('DELETE', '/v1/prices/f-small', None, 204, 403),
]


class PriceRoutesTestCase(base.DbTestCase):
    """The whole WSGI app, Keystone and Nova stubbed, the engine mocked."""

    def setUp(self):
        super().setUp()
        self.token = self.useFixture(
            test_fixtures.KeystonePersonas()).token
        nova = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.nova.NovaClient')).mock
        nova.return_value.flavor.return_value = FLAVOR
        self.engine = self.useFixture(fixtures.MockPatch(
            'utter_va.engine.rpcapi.EngineAPI')).mock.return_value
        self.app = webtest.TestApp(api_app.create_app())

    def call(self, method, path, body=None, persona=None):
        headers = {'X-Auth-Token': self.token[persona]} if persona else {}
        if body is not None:
            send = getattr(self.app, method.lower() + '_json')
            return send(path, body, headers=headers, expect_errors=True)
        return getattr(self.app, method.lower())(path, headers=headers,
                                                 expect_errors=True)


class TestPriceRoutes(PriceRoutesTestCase):

    def test_set_show_list_delete(self):
        response = self.call('PUT', '/v1/prices/m1.small',
                             {'sats_per_hour': 2000, 'images': ['cirros'],
                              'max_units': 5}, 'admin')
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual({'flavor_id': 'f-small', 'flavor_name': 'm1.small',
                          'sats_per_hour': 2000, 'images': ['cirros'],
                          'max_units': 5, 'vcpus': 1, 'ram_mb': 2048,
                          'disk_gb': 20},
                         {k: response.json[k] for k in (
                             'flavor_id', 'flavor_name', 'sats_per_hour',
                             'images', 'max_units', 'vcpus', 'ram_mb',
                             'disk_gb')})
        self.assertTrue(response.json['created_at'].endswith('Z'))
        self.call('PUT', '/v1/prices/m1.small', {'sats_per_hour': 3000},
                  'admin')
        shown = self.call('GET', '/v1/prices/f-small', persona='reader').json
        self.assertEqual(3000, shown['sats_per_hour'])
        self.assertEqual([('create', 2000, 'u-admin'),
                          ('update', 3000, 'u-admin')],
                         [(h['action'], h['sats_per_hour'], h['changed_by'])
                          for h in shown['history']])
        self.assertEqual(['m1.small'], [p['flavor_name'] for p in self.call(
            'GET', '/v1/prices', persona='reader').json['prices']])
        self.assertEqual(204, self.call('DELETE', '/v1/prices/f-small',
                                        persona='admin').status_code)
        # Each change tells the engine to recompute what is sellable.
        self.assertEqual(3, self.engine.prices_changed.call_count)
        missing = self.call('GET', '/v1/prices/f-small', persona='admin')
        self.assertEqual(404, missing.status_code)
        self.assertIn('f-small', missing.json['error']['message'])

    def test_invalid_bodies_are_400(self):
        for body in ({}, {'sats_per_hour': 0}, {'sats_per_hour': 'ten'},
                     {'sats_per_hour': 5, 'extra': 1},
                     {'sats_per_hour': 5, 'images': 'cirros'}):
            response = self.call('PUT', '/v1/prices/m1.small', body, 'admin')
            self.assertEqual(400, response.status_code, body)

    def test_capacity_and_hypervisors(self):
        db_capacity.provider_update_from_placement(
            'u1', 'compute1', 3,
            {'VCPU': capacity.Inventory(8, 0, 1, 8, 1, 4.0, 2)})
        db_capacity.flavor_capacity_store([{
            'flavor_id': 'f-small', 'fit_units': 8, 'held_units': 1,
            'sellable_units': 7}])
        shown = self.call('GET', '/v1/capacity', persona='reader').json
        self.assertEqual(7, shown['flavors'][0]['sellable_units'])
        self.assertEqual({'total': 8, 'reserved': 0, 'min_unit': 1,
                          'max_unit': 8, 'step_size': 1,
                          'allocation_ratio': 4.0, 'used': 2},
                         shown['hosts'][0]['inventories']['VCPU'])
        hosts = self.call('GET', '/v1/hypervisors', persona='reader').json
        self.assertEqual(['compute1'],
                         [h['name'] for h in hosts['hypervisors']])

    def test_rbac_matrix(self):
        self.call('PUT', '/v1/prices/m1.small', {'sats_per_hour': 1},
                  'admin')
        for method, path, body, admin, reader in ROUTES:
            self.assertEqual(401, self.call(method, path, body).status_code,
                             (method, path, 'no token'))
            self.assertEqual(403, self.call(method, path, body,
                                            'member').status_code,
                             (method, path, 'member'))
            self.assertEqual(reader, self.call(method, path, body,
                                               'reader').status_code,
                             (method, path, 'reader'))
            self.assertEqual(admin, self.call(method, path, body,
                                              'admin').status_code,
                             (method, path, 'admin'))


class TestPricingDriverAndFlavorNames(PriceRoutesTestCase):
    """Unknown pricing drivers; flavors named by name or id alike."""

    def test_unknown_pricing_driver_is_400_and_stores_nothing(self):
        for body in ({'sats_per_hour': 2000, 'pricing_driver': 'nope'},
                     {'sats_per_hour': 2000,
                      'pricing_driver': 'utter_va.pricing.fixed'}):
            response = self.call('PUT', '/v1/prices/m1.small', body, 'admin')
            self.assertEqual(400, response.status_code, response.text)
            message = response.json['error']['message']
            self.assertIn('pricing_driver', message)
            self.assertIn(body['pricing_driver'], message)
            self.assertIn('fixed, utilization', message)
        self.assertEqual([], self.call('GET', '/v1/prices',
                                       persona='admin').json['prices'])
        self.engine.prices_changed.assert_not_called()
        response = self.call('PUT', '/v1/prices/m1.small',
                             {'sats_per_hour': 2000,
                              'pricing_driver': 'utilization'}, 'admin')
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual('utilization', response.json['pricing_driver'])

    def test_ingress_rules_are_checked_stored_and_shown(self):
        for rules in (['tcp:22', 'tcp:99999'], ['ssh'], [22], ['tcp:22'] * 2):
            response = self.call('PUT', '/v1/prices/m1.small',
                                 {'sats_per_hour': 2000,
                                  'ingress_rules': rules}, 'admin')
            self.assertEqual(400, response.status_code, response.text)
            self.assertIn('parameters: ingress_rules',
                          response.json['error']['message'])
        self.assertEqual([], self.call('GET', '/v1/prices',
                                       persona='admin').json['prices'])
        response = self.call('PUT', '/v1/prices/m1.small',
                             {'sats_per_hour': 2000,
                              'ingress_rules': ['tcp:80', 'icmp']}, 'admin')
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual(['tcp:80', 'icmp'], response.json['ingress_rules'])
        shown = self.call('GET', '/v1/prices/m1.small', persona='admin')
        self.assertEqual(['tcp:80', 'icmp'], shown.json['ingress_rules'])

    def test_a_price_set_by_name_is_read_previewed_deleted_by_name(self):
        self.call('PUT', '/v1/prices/m1.small', {'sats_per_hour': 2000},
                  'admin')
        self.call('PUT', '/v1/prices/f-small', {'sats_per_hour': 3000},
                  'admin')
        for flavor in ('m1.small', 'f-small'):
            shown = self.call('GET', '/v1/prices/%s' % flavor,
                              persona='reader')
            self.assertEqual(200, shown.status_code, shown.text)
            self.assertEqual((3000, ['create', 'update']),
                             (shown.json['sats_per_hour'],
                              [h['action'] for h in shown.json['history']]))
            preview = self.call('GET', '/v1/prices/%s/preview?hours=2'
                                % flavor, persona='reader')
            self.assertEqual(200, preview.status_code, preview.text)
            self.assertEqual(('f-small', 6000),
                             (preview.json['flavor_id'],
                              preview.json['total_sats']))
        self.assertEqual(204, self.call('DELETE', '/v1/prices/m1.small',
                                        persona='admin').status_code)
        for flavor in ('m1.small', 'f-small'):
            self.assertEqual(404, self.call('GET', '/v1/prices/%s' % flavor,
                                            persona='admin').status_code)
            self.assertEqual(404, self.call('DELETE', '/v1/prices/%s'
                                            % flavor,
                                            persona='admin').status_code)


class TestBrokenOffers(orders_base.ApiTestCase):
    """One broken price never hides the other offers."""

    def offers(self):
        response = self.call('GET', '/v1/offers')
        self.assertEqual(200, response.status_code, response.text)
        return [o['flavor_name'] for o in response.json['offers']]

    def test_an_offer_whose_driver_is_not_installed_is_skipped(self):
        orders_base.set_price('f-gone', 'm1.gone', pricing_driver='nope')
        orders_base.set_price('f-small', 'm1.small')
        logged = self.useFixture(fixtures.FakeLogger('utter_va.api.v1.offers'))
        self.assertEqual(['m1.small'], self.offers())
        self.assertIn('m1.gone (f-gone) skipped: No utter_va.pricing driver '
                      'named nope', logged.output)

    def test_an_offer_whose_driver_fails_is_skipped(self):
        orders_base.set_price('f-boom', 'm1.boom',
                              pricing_driver='utilization')
        orders_base.set_price('f-small', 'm1.small')
        self.useFixture(fixtures.MockPatch(
            'utter_va.pricing.utilization.UtilizationPricing.'
            'price_msat_per_hour', side_effect=ZeroDivisionError))
        logged = self.useFixture(fixtures.FakeLogger('utter_va.api.v1.offers'))
        self.assertEqual(['m1.small'], self.offers())
        self.assertIn('m1.boom (f-boom) skipped', logged.output)
        self.assertIn('ZeroDivisionError', logged.output)
