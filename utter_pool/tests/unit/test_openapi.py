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

"""The pool's OpenAPI document: valid, served, complete, and committed."""

import json
import os

from openapi_spec_validator import validate

from utter_pool.api import app as api_app
from utter_pool.api import openapi
from utter_pool.tests.unit import base

COMMITTED = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                         'api-ref', 'utter-pool-openapi.json')


class TestOpenAPI(base.TestCase):

    def setUp(self):
        super().setUp()
        self.app = api_app.create_flask_app(base.CONF)
        self.document = openapi.generate(self.app)

    def test_document_is_valid_openapi(self):
        validate(self.document)

    def test_committed_document_matches_the_app(self):
        with open(COMMITTED) as f:
            committed = f.read()
        self.assertEqual(
            committed, openapi.dumps(self.document),
            'api-ref/utter-pool-openapi.json is stale: run python -m '
            'utter_pool.cmd.api_ref api-ref/utter-pool-openapi.json')

    def test_every_api_route_is_described(self):
        endpoints = {rule.endpoint for rule in self.app.url_map.iter_rules()
                     if rule.endpoint != 'static'
                     and not rule.endpoint.startswith('market.')}
        self.assertEqual(set(openapi.ROUTES), endpoints)

    def test_served(self):
        response = self.client.get('/v1/openapi.json')
        self.assertEqual(200, response.status_code)
        self.assertEqual(json.loads(openapi.dumps(self.document)),
                         response.get_json())

    def test_query_parameters_come_from_the_declarations(self):
        search = self.document['paths']['/v1/offers']['get']
        parameters = {p['name']: p['schema'] for p in search['parameters']}
        self.assertEqual({'type': 'integer', 'minimum': 1, 'maximum': 100,
                          'default': 20}, parameters['limit'])
        self.assertEqual(['price', 'reliability', 'time_to_active'],
                         parameters['sort']['enum'])
        body = self.document['paths']['/v1/documents']['post'][
            'requestBody']['content']['application/json']['schema']
        self.assertEqual(4, len(body['properties']['document']['oneOf']))
