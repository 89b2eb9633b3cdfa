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

"""Tests of Keystone authentication and anonymous public routes."""

import fixtures
import flask
from oslo_policy import policy as oslo_policy
from oslo_utils import uuidutils
import webtest

from utter_va.api import app as api_app
from utter_va.api import auth
from utter_va.api import policy
from utter_va.tests import base
from utter_va.tests import fixtures as test_fixtures

ORDER_ID = uuidutils.generate_uuid()


class TestPublicRoutes(base.TestCase):

    def test_public_routes(self):
        for method, path in (('GET', '/'), ('GET', '/v1/'),
                             ('GET', '/v1/offers'),
                             ('POST', '/v1/orders'),
                             ('GET', '/v1/orders/%s' % ORDER_ID),
                             ('POST', '/v1/orders/%s/topup' % ORDER_ID),
                             ('GET', '/v1/orders/%s/console' % ORDER_ID),
                             ('POST', '/v1/webhooks/btcpay')):
            self.assertTrue(auth.is_public(method, path), (method, path))

    def test_operator_routes_are_not_public(self):
        for method, path in (('GET', '/v1/orders'),
                             ('PUT', '/v1/prices/m1.small'),
                             ('POST', '/v1/orders/%s/cancel' % ORDER_ID),
                             ('DELETE', '/v1/orders/%s' % ORDER_ID),
                             ('GET', '/v1/orders/../prices'),
                             ('GET', '/v1/capacity')):
            self.assertFalse(auth.is_public(method, path), (method, path))


class TestAuthentication(base.TestCase):
    """A real auth_token middleware, with Keystone's answers stubbed."""

    def setUp(self):
        super().setUp()
        personas = self.useFixture(test_fixtures.KeystonePersonas())
        self.admin_token = personas.token['admin']
        self.reader_token = personas.token['reader']
        policy.get_enforcer().register_default(oslo_policy.RuleDefault(
            'test:secret', 'role:admin'))
        original = api_app.create_flask_app

        def flask_app():
            app = original()

            @app.get('/v1/secret')
            def secret():
                policy.authorize('test:secret')
                return {'user': flask.g.context.user_id}

            def offers():
                context = flask.g.context
                return {'user': context.user_id, 'roles': context.roles}

            # NOTE: the real public route, answering who is asking.
            app.view_functions['offers.list_offers'] = offers

            return app

        self.useFixture(fixtures.MockPatch(
            'utter_va.api.app.create_flask_app', flask_app))
        self.app = webtest.TestApp(api_app.create_app())

    def test_operator_route_without_token_is_401(self):
        response = self.app.get('/v1/secret', status=401)
        self.assertIn('WWW-Authenticate', response.headers)

    def test_operator_route_with_bad_token_is_401(self):
        self.app.get('/v1/secret', headers={'X-Auth-Token': 'forged'},
                     status=401)

    def test_operator_route_with_admin_token(self):
        response = self.app.get('/v1/secret',
                                headers={'X-Auth-Token': self.admin_token})
        self.assertEqual({'user': 'u-admin'}, response.json)

    def test_operator_route_with_reader_token_is_403(self):
        response = self.app.get('/v1/secret',
                                headers={'X-Auth-Token': self.reader_token},
                                status=403)
        self.assertEqual(403, response.json['error']['code'])

    def test_public_route_is_anonymous(self):
        response = self.app.get('/v1/offers')
        self.assertEqual({'user': None, 'roles': []}, response.json)

    def test_forged_identity_headers_are_dropped(self):
        response = self.app.get('/v1/offers', headers={
            'X-Identity-Status': 'Confirmed', 'X-Roles': 'admin',
            'X-User-Id': 'mallory'})
        self.assertEqual({'user': None, 'roles': []}, response.json)

    def test_public_route_with_token_is_authenticated(self):
        response = self.app.get('/v1/offers',
                                headers={'X-Auth-Token': self.admin_token})
        self.assertEqual('u-admin', response.json['user'])
        self.app.get('/v1/offers', headers={'X-Auth-Token': 'forged'},
                     status=401)
