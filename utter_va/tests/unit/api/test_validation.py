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

"""Tests of request body validation."""

import copy

import fixtures
import flask
import jsonschema

from utter_va.api import errors
from utter_va.api import validation
from utter_va import exception
from utter_va.tests import base

SCHEMA = {
    'type': 'object',
    'properties': {
        'hours': {'type': 'integer', 'minimum': 1, 'maximum': 720},
        'image': {'type': 'string', 'minLength': 1},
    },
    'required': ['hours'],
    'additionalProperties': False,
}


class TestBodyValidation(base.TestCase):

    def setUp(self):
        super().setUp()
        app = flask.Flask(__name__)
        errors.register(app)

        @app.post('/things')
        @validation.body(SCHEMA)
        def create(body):
            return {'got': body}

        self.client = app.test_client()

    def post(self, data, content_type='application/json'):
        return self.client.post('/things', data=data,
                                content_type=content_type)

    def test_valid_body_reaches_the_view(self):
        response = self.post('{"hours": 3, "image": "cirros"}')
        self.assertEqual(200, response.status_code)
        self.assertEqual({'hours': 3, 'image': 'cirros'},
                         response.json['got'])

    def test_rejections_are_400_with_the_field(self):
        for data, expected in (
                ('{"hours": 0}', 'hours: 0 is less than the minimum of 1'),
                ('{"hours": "3"}', "hours: '3' is not of type 'integer'"),
                ('{}', "(body): 'hours' is a required property"),
                ('{"hours": 1, "x": 1}', 'Additional properties'),
                ('[1]', "(body): [1] is not of type 'object'"),
                ('{"hours": 1', 'the body is not valid JSON'),
                ('', 'the body is not valid JSON')):
            response = self.post(data)
            self.assertEqual(400, response.status_code, data)
            self.assertIn(expected, response.json['error']['message'], data)

    def test_non_json_content_type_is_400(self):
        response = self.post('hours=3', content_type='text/plain')
        self.assertEqual(400, response.status_code)
        self.assertIn('must be JSON', response.json['error']['message'])

    def test_schema_is_exposed_for_openapi(self):
        @validation.body(SCHEMA)
        def view(body):
            pass
        self.assertIs(SCHEMA, view.api_request_schema)


class CountingCompiles(fixtures.Fixture):
    """Counts jsonschema's validator_for and check_schema calls."""

    def looked_up_times(self, schema):
        # NOTE: jsonschema also looks up the validator of each subschema
        # it descends into, and of the metaschema.
        return sum(1 for looked_up in self.looked_up if looked_up is schema)

    def _setUp(self):
        self.looked_up = []
        self.checked = []
        real_for = jsonschema.validators.validator_for
        cls = real_for(SCHEMA)
        real_check = cls.check_schema

        def validator_for(schema, *args, **kwargs):
            self.looked_up.append(schema)
            return real_for(schema, *args, **kwargs)

        # NOTE: MonkeyPatch keeps check_schema a classmethod.
        def check_schema(klass, schema, *args, **kwargs):
            self.checked.append(schema)
            return real_check(schema, *args, **kwargs)

        self.useFixture(fixtures.MonkeyPatch(
            'jsonschema.validators.validator_for', validator_for))
        self.useFixture(fixtures.MonkeyPatch(
            'jsonschema.validators.%s.check_schema' % cls.__name__,
            check_schema))


class TestCompiledOnce(base.TestCase):

    def setUp(self):
        super().setUp()
        self.compiles = self.useFixture(CountingCompiles())
        # NOTE: a schema of this test only, so no other test compiled it.
        self.schema = copy.deepcopy(SCHEMA)

    def test_a_decorated_view_compiles_its_schema_once(self):
        app = flask.Flask(__name__)
        errors.register(app)

        @app.post('/things')
        @validation.body(self.schema)
        def create(body):
            return {'got': body}

        self.assertEqual(1, len(self.compiles.checked))
        client = app.test_client()
        for data, status in (('{"hours": 3}', 200), ('{"hours": 0}', 400),
                             ('{"hours": 4}', 200)):
            response = client.post('/things', data=data,
                                   content_type='application/json')
            self.assertEqual(status, response.status_code, data)
        self.assertEqual([self.schema], self.compiles.checked)
        self.assertEqual(1, self.compiles.looked_up_times(self.schema))

    def test_validate_compiles_a_schema_once(self):
        for _ in range(3):
            validation.validate(self.schema, {'hours': 1})
        self.assertRaises(exception.Invalid, validation.validate,
                          self.schema, {'hours': 0})
        self.assertEqual([self.schema], self.compiles.checked)
        self.assertEqual(1, self.compiles.looked_up_times(self.schema))
        other = copy.deepcopy(SCHEMA)
        validation.validate(other, {'hours': 1})
        self.assertEqual(2, len(self.compiles.checked))
