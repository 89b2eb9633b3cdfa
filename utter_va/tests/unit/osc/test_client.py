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

"""The client: where it sends requests, and how errors reach the user."""

from keystoneauth1 import session as ks_session
from osc_lib import exceptions
import requests

from utter_va.osc.v1 import client
from utter_va.tests import base
from utter_va.tests.unit.osc import fakes


class TestClient(base.TestCase):

    def setUp(self):
        super().setUp()
        self.api = fakes.FakeAPI()
        self.client = fakes.make_client(self.api)

    def test_paths_under_v1_of_the_catalog_root(self):
        self.api.register('GET', '/v1/prices', {'prices': []})
        self.assertEqual([], self.client.price_list())
        self.assertEqual('http://utter.test:9870/v1/prices',
                         self.api.last.url)
        self.assertEqual('application/json', self.api.last.headers['Accept'])

    def test_endpoint_with_the_version_in_it(self):
        api = fakes.FakeAPI()
        api.register('GET', '/v1/hypervisors', {'hypervisors': []})
        fakes.make_client(api, 'http://utter.test:9870/v1/').hypervisor_list()
        self.assertEqual('http://utter.test:9870/v1/hypervisors',
                         api.last.url)

    def test_endpoint_under_a_path_prefix(self):
        api = fakes.FakeAPI()
        api.register('GET', '/marketplace/v1/offers', {'offers': []})
        fakes.make_client(api, 'http://utter.test/marketplace').offer_list()
        self.assertEqual('http://utter.test/marketplace/v1/offers',
                         api.last.url)

    def test_flavor_names_are_quoted(self):
        self.api.register('GET', '/v1/prices/a%20b%2Fc', {})
        self.client.price_get('a b/c')
        self.assertEqual('http://utter.test:9870/v1/prices/a%20b%2Fc',
                         self.api.last.url)

    def test_none_query_parameters_are_left_out(self):
        self.api.register('GET', '/v1/orders', {'orders': [], 'next': None})
        self.client.order_list(state='active', limit=5)
        self.assertEqual([('GET', '/v1/orders?state=active&limit=5')],
                         self.api.calls())

    def test_api_error_message_code_and_request_id(self):
        self.api.register(
            'GET', '/v1/prices/nope',
            {'error': {'code': 404, 'title': 'Not Found',
                       'message': 'No price for flavor nope.'}},
            status=404, headers={'X-OpenStack-Request-ID': 'req-1'})
        exc = self.assertRaises(client.APIError, self.client.price_get,
                                'nope')
        self.assertIsInstance(exc, exceptions.CommandError)
        self.assertEqual(404, exc.code)
        self.assertEqual('req-1', exc.request_id)
        self.assertEqual('No price for flavor nope. (HTTP 404) '
                         '(Request-ID: req-1)', str(exc))

    def test_error_without_a_json_body(self):
        self.api.register('GET', '/v1/capacity', '<html>Bad gateway</html>',
                          status=502)
        exc = self.assertRaises(client.APIError, self.client.capacity_get)
        self.assertEqual('<html>Bad gateway</html> (HTTP 502)', str(exc))

    def test_error_with_an_empty_body_uses_the_reason(self):
        self.api.register('DELETE', '/v1/prices/x', '', status=403)
        exc = self.assertRaises(client.APIError, self.client.price_delete,
                                'x')
        self.assertEqual('Forbidden (HTTP 403)', str(exc))

    def test_no_content(self):
        self.api.register('DELETE', '/v1/prices/x', '', status=204)
        self.assertIsNone(self.client.price_delete('x'))

    def test_answer_that_is_not_json(self):
        self.api.register('GET', '/v1/capacity', 'hello')
        exc = self.assertRaises(exceptions.CommandError,
                                self.client.capacity_get)
        self.assertIn('not JSON', str(exc))

    def test_connection_refused(self):
        class Refusing(fakes.FakeAPI):
            def send(self, request, **kwargs):
                raise requests.exceptions.ConnectionError('refused')
        exc = self.assertRaises(exceptions.CommandError,
                                fakes.make_client(Refusing()).offer_list)
        self.assertIn('Cannot reach the utter-va API at '
                      'http://utter.test:9870/v1/offers', str(exc))

    def test_no_endpoint(self):
        api = client.Client(ks_session.Session())
        exc = self.assertRaises(exceptions.CommandError, api.offer_list)
        self.assertIn('marketplace', str(exc))

    def test_service_type_interface_and_region(self):
        api = client.Client(ks_session.Session(), interface='internal',
                            region_name='RegionTwo')
        self.assertEqual('marketplace', api.http.service_type)
        self.assertEqual('internal', api.http.interface)
        self.assertEqual('RegionTwo', api.http.region_name)
