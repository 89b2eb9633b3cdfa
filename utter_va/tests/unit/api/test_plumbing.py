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

"""What the API builds once per process, not once per request."""

import fixtures
import jsonschema
import sqlalchemy as sa

from utter_va.common import loader
from utter_va.compute import clients
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.tests.unit.api import orders_base


class CountingDriverManager(fixtures.Fixture):
    """Counts stevedore DriverManager constructions, by driver name."""

    def _setUp(self):
        self.built = []
        real = loader.stevedore_driver.DriverManager

        def manager(namespace, name, **kwargs):
            self.built.append((namespace, name))
            return real(namespace, name, **kwargs)

        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.common.loader.stevedore_driver.DriverManager',
            manager))


class TestDriversOncePerProcess(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.managers = self.useFixture(CountingDriverManager())

    def test_offers_price_every_row_with_one_driver(self):
        for number in range(3):
            orders_base.set_price(flavor_id='f-%d' % number,
                                  name='m1.f%d' % number,
                                  pricing_driver='utilization')
        for _ in range(2):
            response = self.call('GET', '/v1/offers')
            self.assertEqual(200, response.status_code, response.text)
            self.assertEqual(3, len(response.json['offers']))
        self.assertEqual([('utter_va.pricing', 'utilization')],
                         self.managers.built)

    def test_orders_share_one_payment_driver(self):
        orders_base.set_price()
        for _ in range(2):
            self.placed()
        self.assertEqual(1, self.managers.built.count(
            ('utter_va.payment', 'fake')))


class TestConsoleClientOncePerProcess(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        order = self.placed()
        self.path = '/v1/orders/%s/console' % order['id']
        self.headers = {'X-Order-Token': order['token']}
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(state='active',
                                                     server_id='srv-1'))
        self.novaclient = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.nova.nova_client.Client')).mock
        servers = self.novaclient.return_value.servers
        servers.get_console_output.return_value = 'login: '
        self.sessions = []
        real = clients._load_session
        self.useFixture(fixtures.MonkeyPatch(
            'utter_va.compute.clients._load_session',
            lambda group: self.sessions.append(group) or real(group)))

    def test_two_requests_build_one_client_and_one_session(self):
        for _ in range(2):
            shown = self.call('GET', self.path, headers=self.headers)
            self.assertEqual(200, shown.status_code, shown.text)
            self.assertEqual('login: ', shown.json['output'])
        self.assertEqual(1, self.novaclient.call_count)
        self.assertEqual(['nova'], self.sessions)


class TestSchemasCompiledOncePerProcess(orders_base.ApiTestCase):

    def test_requests_compile_no_schema(self):
        compiled = []
        cls = jsonschema.validators.validator_for({})
        real = cls.check_schema
        # NOTE: MonkeyPatch keeps check_schema a classmethod.
        self.useFixture(fixtures.MonkeyPatch(
            'jsonschema.validators.%s.check_schema' % cls.__name__,
            lambda klass, schema, *a, **k: compiled.append(schema) or real(
                schema, *a, **k)))
        orders_base.set_price()
        for _ in range(2):
            self.placed()
        self.assertEqual(400, self.place(hours=0).status_code)
        self.assertEqual([], compiled)
