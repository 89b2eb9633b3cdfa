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

"""The OpenAPI document: valid, served, and the same as api-ref/."""

import json
import os

from openapi_spec_validator import validate
import webtest

from utter_va.api import app as api_app
from utter_va.api import openapi
from utter_va.tests import base

COMMITTED = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                         'api-ref', 'openapi.json')


class TestOpenAPI(base.TestCase):

    def setUp(self):
        super().setUp()
        self.document = openapi.generate(api_app.create_flask_app())

    def test_document_is_valid_openapi(self):
        validate(self.document)

    def test_committed_document_matches_the_app(self):
        with open(COMMITTED) as f:
            committed = f.read()
        self.assertEqual(
            committed, openapi.dumps(self.document),
            'api-ref/openapi.json is stale: run tox -e api-ref')

    def test_served_publicly(self):
        app = webtest.TestApp(api_app.create_app())
        served = app.get('/v1/openapi.json').json
        self.assertEqual(json.loads(openapi.dumps(self.document)), served)

    def test_public_and_operator_routes(self):
        paths = self.document['paths']
        self.assertNotIn('security', paths['/']['get'])
        self.assertNotIn('security', paths['/v1/openapi.json']['get'])
        self.assertEqual('The versions of the API.',
                         paths['/']['get']['summary'])
