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

"""Bodies over the size limit: a JSON 413, with or without a length."""

import http
import io
import json
from wsgiref import util as wsgi_util

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.tests.unit.api import orders_base

LIMIT = 1000


class CountingStream(io.BytesIO):
    """A request body that counts the bytes read from it."""

    bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def rows(model):
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


class TestBodySizeLimit(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.flags(max_request_body_size=LIMIT, group='oslo_middleware')
        orders_base.set_price()

    def send(self, path, data, headers=None, chunked=True, length=None):
        """POST ``data`` straight to the WSGI app; (status, headers, body).

        ``chunked``: without a Content-Length, as a chunked request reaches
        the application under uwsgi or gunicorn; else with ``length`` (by
        default the length of ``data``).
        """
        environ = {}
        wsgi_util.setup_testing_defaults(environ)
        stream = CountingStream(data)
        environ.update({'REQUEST_METHOD': 'POST', 'PATH_INFO': path,
                        'REMOTE_ADDR': orders_base.BUYER,
                        'CONTENT_TYPE': 'application/json',
                        'wsgi.input': stream})
        if chunked:
            environ.update({'HTTP_TRANSFER_ENCODING': 'chunked',
                            'wsgi.input_terminated': True})
        else:
            environ['CONTENT_LENGTH'] = length or str(len(data))
        for name, value in (headers or {}).items():
            environ['HTTP_' + name.upper().replace('-', '_')] = value
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=int(status.split()[0]),
                          headers=dict(response_headers))
        body = b''.join(self.app.app(environ, start_response))
        self.stream = stream
        return answer['status'], answer['headers'], body

    def order_bytes(self, size=None):
        body = self.order_body(user_data='#!/bin/sh\n')
        if size:
            body['user_data'] += 'x' * (size - len(json.dumps(body)))
        return json.dumps(body).encode()

    def assertJson413(self, status, headers, body):
        self.assertEqual(413, status, body)
        self.assertEqual('application/json', headers['Content-Type'])
        error = json.loads(body)['error']
        self.assertEqual((413, http.HTTPStatus(413).phrase),
                         (error['code'], error['title']))
        self.assertIn('%d bytes' % LIMIT, error['message'])

    def test_chunked_order_with_idempotency_key_is_a_json_413(self):
        answer = self.send('/v1/orders', self.order_bytes(5 * LIMIT),
                           headers={'Idempotency-Key': 'k-1'})
        self.assertJson413(*answer)
        self.assertEqual((0, 0), (rows(models.Order),
                                  rows(models.IdempotencyKey)))

    def test_chunked_webhook_is_a_json_413(self):
        answer = self.send('/v1/webhooks/fake', b'{"a": "%s"}' % (
            b'x' * 5 * LIMIT))
        self.assertJson413(*answer)
        self.assertEqual(0, rows(models.Payment))

    def test_declared_length_over_the_limit_is_a_json_413(self):
        for path in ('/v1/orders', '/v1/webhooks/fake', '/'):
            answer = self.send(path, self.order_bytes(LIMIT + 1),
                               chunked=False)
            self.assertJson413(*answer)
            self.assertEqual(0, self.stream.bytes_read, path)
        self.assertEqual(0, rows(models.Order))

    def test_never_reads_past_the_limit(self):
        self.send('/v1/orders', b'x' * (100 * LIMIT))
        self.assertEqual(LIMIT + 1, self.stream.bytes_read)

    def test_chunked_body_within_the_limit_is_served(self):
        for chunked in (True, False):
            status, _, body = self.send('/v1/orders',
                                        self.order_bytes(LIMIT),
                                        headers={'Idempotency-Key': 'k-%s'
                                                 % chunked},
                                        chunked=chunked)
            self.assertEqual(201, status, body)
        self.assertEqual(2, rows(models.Order))

    def test_invalid_content_length_is_a_json_400(self):
        for length in ('ten', '-1'):
            status, _, body = self.send('/v1/orders', self.order_bytes(),
                                        chunked=False, length=length)
            self.assertEqual(400, status, body)
            self.assertIn('Content-Length',
                          json.loads(body)['error']['message'])
        self.assertEqual(0, rows(models.Order))
