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

"""Operator policies: only the operator's project and the system pass."""

import fixtures
from keystoneauth1 import exceptions as ks_exc

from utter_va.db import api as db_api
from utter_va.db import prices as db_prices
from utter_va.tests.unit.api import orders_base

FLAVOR = {'id': 'f-small', 'name': 'm1.small', 'vcpus': 1, 'ram': 2048,
          'disk': 20, 'ephemeral': 0}

READS = [
    ('GET', '/v1/prices', None),
    ('GET', '/v1/prices/f-small', None),
    ('GET', '/v1/prices/f-small/preview?hours=2', None),
    ('GET', '/v1/capacity', None),
    ('GET', '/v1/hypervisors', None),
    ('GET', '/v1/orders', None),
    ('GET', '/v1/orders/{id}', None),
    ('GET', '/v1/orders/{id}/payments', None),
]
WRITES = [
    ('PUT', '/v1/prices/m1.small', {'sats_per_hour': 3000}),
    ('POST', '/v1/orders/{id}/cancel', None),
    ('POST', '/v1/orders/{other}/terminate', None),
    ('DELETE', '/v1/prices/f-small', None),
]


class TestOperatorPolicies(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        nova = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.nova.NovaClient')).mock
        nova.return_value.flavor.return_value = FLAVOR
        self.close = self.useFixture(fixtures.MockPatch(
            'utter_va.orders.closing.close_by_operator')).mock
        self.close.side_effect = lambda order_id, target, actor: dict(
            db_api.order_get(order_id), state=target)
        orders_base.set_price()
        self.ids = [self.placed()['id'], self.placed()['id']]

    def answers(self, routes, persona):
        result = []
        for method, path, body in routes:
            path = path.format(id=self.ids[0], other=self.ids[1])
            response = self.call(method, path, body, persona=persona)
            result.append((method, path, response.status_code))
        return result

    def expect(self, routes, status):
        return [(method, path.format(id=self.ids[0], other=self.ids[1]),
                 status) for method, path, _ in routes]

    def test_readers_and_members_of_another_project_are_refused(self):
        for persona in ('other-reader', 'other-member'):
            self.assertEqual(self.expect(READS + WRITES, 403),
                             self.answers(READS + WRITES, persona), persona)
        self.close.assert_not_called()
        self.assertEqual(2000, db_prices.price_get('f-small')[
            'price_msat_per_hour'] // 1000)

    def test_system_reader_reads_and_cannot_write(self):
        self.assertEqual(self.expect(READS, 200),
                         self.answers(READS, 'system-reader'))
        self.assertEqual(self.expect(WRITES, 403),
                         self.answers(WRITES, 'system-reader'))

    def test_system_admin_reads_and_writes(self):
        self.assertEqual(self.expect(READS, 200),
                         self.answers(READS, 'system-admin'))
        self.assertEqual([200, 200, 200, 204], [
            status for _, _, status in self.answers(WRITES, 'system-admin')])
        self.assertEqual(['cancelled', 'terminated'],
                         [call.args[1] for call in self.close.mock_calls])

    def test_operator_project_reader_reads(self):
        self.assertEqual(self.expect(READS, 200),
                         self.answers(READS, 'reader'))
        self.assertEqual(self.expect(WRITES, 403),
                         self.answers(WRITES, 'reader'))

    def test_an_admin_of_any_project_is_an_administrator(self):
        # NOTE: as Nova's and Blazar's context_is_admin: only a cloud
        # administrator can grant the admin role.
        self.assertEqual(self.expect(READS, 200),
                         self.answers(READS, 'other-admin'))


class TestOperatorProject(orders_base.ApiTestCase):
    """Without [api] operator_project_id: the [nova] service user's."""

    def setUp(self):
        super().setUp()
        self.flags(operator_project_id=None, group='api')
        self.session = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.clients.session')).mock

    def test_the_service_users_project_is_the_operators(self):
        self.session.return_value.get_project_id.return_value = 'p-ops'
        for _ in range(2):
            self.assertEqual(200, self.call('GET', '/v1/prices',
                                            persona='reader').status_code)
        self.assertEqual(403, self.call('GET', '/v1/prices',
                                        persona='other-reader').status_code)
        self.session.assert_called_once_with('nova')
        self.session.return_value.get_project_id.assert_called_once_with()

    def test_another_service_project_refuses_p_ops(self):
        self.session.return_value.get_project_id.return_value = 'p-service'
        self.assertEqual(403, self.call('GET', '/v1/prices',
                                        persona='reader').status_code)
        self.assertEqual(200, self.call('GET', '/v1/prices',
                                        persona='system-reader').status_code)

    def test_keystone_unreachable_is_a_json_503(self):
        self.session.return_value.get_project_id.side_effect = (
            ks_exc.ConnectFailure('refused'))
        response = self.call('GET', '/v1/prices', persona='reader')
        self.assertEqual(503, response.status_code)
        self.assertEqual(503, response.json['error']['code'])
