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

"""Tests of the Idempotency-Key header."""

import hashlib

import flask
import sqlalchemy as sa

from utter_va.api import errors
from utter_va.api import idempotency
from utter_va.db import api as db_api
from utter_va.db import idempotency as db_idempotency
from utter_va.db import models
from utter_va import exception
from utter_va.tests import base
from utter_va.tests import fixtures as test_fixtures


class TestIdempotency(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.calls = []
        app = flask.Flask(__name__)
        errors.register(app)

        @app.post('/orders')
        @idempotency.idempotent
        def create():
            self.calls.append(flask.request.get_json())
            body = flask.request.get_json()
            if body.get('fail') == 'client':
                raise exception.Invalid(reason='bad')
            if body.get('fail') == 'server':
                raise RuntimeError('boom')
            return {'order': len(self.calls)}, 201

        self.client = app.test_client()

    def post(self, body, key='k1'):
        headers = {'Idempotency-Key': key} if key is not None else {}
        return self.client.post('/orders', json=body, headers=headers)

    def test_same_key_same_body_replays(self):
        first = self.post({'hours': 1})
        second = self.post({'hours': 1})
        self.assertEqual(201, first.status_code)
        self.assertEqual(201, second.status_code)
        self.assertEqual(first.json, second.json)
        self.assertEqual('true', second.headers['Idempotent-Replayed'])
        self.assertEqual(1, len(self.calls))

    def test_same_key_other_body_is_422(self):
        self.post({'hours': 1})
        response = self.post({'hours': 2})
        self.assertEqual(422, response.status_code)
        self.assertEqual(1, len(self.calls))

    def test_other_key_runs_again(self):
        self.post({'hours': 1}, key='a')
        self.post({'hours': 1}, key='b')
        self.assertEqual(2, len(self.calls))

    def test_without_key_always_runs(self):
        self.post({'hours': 1}, key=None)
        self.post({'hours': 1}, key=None)
        self.assertEqual(2, len(self.calls))

    def test_client_errors_are_replayed_too(self):
        first = self.post({'fail': 'client'})
        second = self.post({'fail': 'client'})
        self.assertEqual(400, first.status_code)
        self.assertEqual(first.json, second.json)
        self.assertEqual(1, len(self.calls))

    def test_server_error_releases_the_key(self):
        self.assertEqual(500, self.post({'fail': 'server'}).status_code)
        self.assertEqual(500, self.post({'fail': 'server'}).status_code)
        self.assertEqual(2, len(self.calls))

    def test_key_in_progress_is_409(self):
        from utter_va.db import idempotency as db_idempotency
        db_idempotency.claim('/orders', 'busy', 'h', 3600)
        response = self.post({'hours': 1}, key='busy')
        # NOTE: another body hash than the claim's: 422 wins over 409.
        self.assertEqual(422, response.status_code)
        request_hash = None
        with self.client.application.test_request_context(
                '/orders', method='POST', json={'hours': 1}):
            request_hash = idempotency._request_hash()
        db_idempotency.claim('/orders', 'busy2', request_hash, 3600)
        self.assertEqual(409, self.post({'hours': 1}, key='busy2')
                         .status_code)
        self.assertEqual([], self.calls)

    def test_overlong_key_is_400(self):
        self.assertEqual(400, self.post({}, key='x' * 256).status_code)


class TestKeysAtRest(base.DbTestCase):
    """Issue 13, item 3: what is stored, and for how long."""

    def rows(self):
        with db_api.reader() as s:
            return [r.to_dict() for r in s.scalars(
                sa.select(models.IdempotencyKey))]

    def test_only_the_digest_of_a_key_is_stored(self):
        db_idempotency.claim('/orders', 'my-secret-key', 'h', 3600)
        [row] = self.rows()
        self.assertNotIn('my-secret-key', row['key'])
        self.assertIsNotNone(
            db_idempotency.claim('/orders', 'my-secret-key', 'h', 3600))

    def test_sealed_values_open_only_with_their_key_and_scope(self):
        sealed = idempotency.seal('the-token', 'k', '/v1/orders#a')
        self.assertNotIn('the-token', sealed)
        self.assertEqual('the-token',
                         idempotency.unseal(sealed, 'k', '/v1/orders#a'))
        for key, scope in (('other', '/v1/orders#a'), ('k', '/v1/orders#b')):
            self.assertRaises(ValueError, idempotency.unseal, sealed, key,
                              scope)

    def test_expired_keys_are_purged(self):
        test_fixtures.claim_old_and_new_keys('/orders')
        self.assertEqual(1, db_idempotency.purge(3600))
        self.assertEqual([hashlib.sha256(b'new').hexdigest()],
                         [r['key'] for r in self.rows()])
