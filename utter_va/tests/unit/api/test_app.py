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

"""Tests of the WSGI application: pipeline, version document, errors."""

from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures
import webtest

from utter_va.api import app as api_app
from utter_va.db import api as db_api
from utter_va.tests import base
from utter_va.tests import fixtures


class TestApp(base.TestCase):

    def setUp(self):
        super().setUp()
        self.flags(auth_strategy='noauth', group='api')
        self.app = webtest.TestApp(api_app.create_app())

    def test_version_document(self):
        response = self.app.get('/')
        self.assertEqual(200, response.status_code)
        versions = response.json['versions']
        self.assertEqual(['v1'], [v['id'] for v in versions])
        self.assertEqual('CURRENT', versions[0]['status'])
        self.assertEqual('http://localhost/v1/',
                         versions[0]['links'][0]['href'])
        self.assertTrue(
            response.headers['x-openstack-request-id'].startswith('req-'))

    def test_version_document_behind_proxy(self):
        self.flags(enable_proxy_headers_parsing=True,
                   group='oslo_middleware')
        app = webtest.TestApp(api_app.create_app())
        response = app.get('/', headers={
            'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sell.example'})
        self.assertEqual('https://sell.example/v1/',
                         response.json['versions'][0]['links'][0]['href'])

    def test_healthcheck_with_database(self):
        self.useFixture(fixtures.SqliteDatabase())
        response = self.app.get('/healthcheck')
        self.assertEqual(200, response.status_code)
        self.assertEqual('database OK', response.text)

    def test_healthcheck_without_database(self):
        facade = enginefacade.transaction_context()
        facade.configure(connection='sqlite:////nonexistent/dir/x.sqlite')
        self.useFixture(db_fixtures.ReplaceEngineFacadeFixture(
            db_api.context_manager, facade))
        response = self.app.get('/healthcheck', status=503)
        self.assertEqual('database unreachable', response.text)

    def test_unknown_path_is_json_404(self):
        response = self.app.get('/nope', status=404)
        self.assertEqual('application/json', response.content_type)
        self.assertEqual(404, response.json['error']['code'])
        self.assertEqual('Not Found', response.json['error']['title'])
        self.assertIn('message', response.json['error'])

    def test_wrong_method_is_json_405(self):
        response = self.app.delete('/', status=405)
        self.assertEqual(405, response.json['error']['code'])
        self.assertIn('GET', response.headers['Allow'])

    def test_body_over_size_limit_is_413(self):
        self.flags(max_request_body_size=10, group='oslo_middleware')
        app = webtest.TestApp(api_app.create_app())
        app.post('/', params='x' * 100, status=413)

    def test_cors_headers_on_errors(self):
        self.flags(allowed_origin='https://shop.example', group='cors')
        app = webtest.TestApp(api_app.create_app())
        response = app.get('/nope', status=404,
                           headers={'Origin': 'https://shop.example'})
        self.assertEqual('https://shop.example',
                         response.headers['Access-Control-Allow-Origin'])


class TestErrorHandlers(base.TestCase):
    """Errors raised inside a view become JSON, never a traceback."""

    def _client(self, exc):
        flask_app = api_app.create_flask_app()

        @flask_app.get('/boom')
        def boom():
            raise exc

        return flask_app.test_client()

    def test_utter_exception_keeps_its_code_and_message(self):
        from utter_va import exception
        response = self._client(
            exception.OrderNotFound(order_id='abc')).get('/boom')
        self.assertEqual(404, response.status_code)
        self.assertEqual('Order abc could not be found.',
                         response.json['error']['message'])

    def test_unexpected_error_is_opaque_500(self):
        response = self._client(RuntimeError('secret detail')).get('/boom')
        self.assertEqual(500, response.status_code)
        self.assertEqual(500, response.json['error']['code'])
        self.assertNotIn('secret', response.get_data(as_text=True))
        self.assertNotIn('Traceback', response.get_data(as_text=True))
