"""Tests of request body validation."""

import flask

from utter_va.api import errors
from utter_va.api import validation
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
