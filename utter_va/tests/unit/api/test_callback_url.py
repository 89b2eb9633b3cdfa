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

"""Callback URLs the engine would refuse are refused when an order is placed.
"""

import socket
from unittest import mock

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.tests.unit.api import orders_base

REFUSED = [
    'http://127.0.0.1/cb', 'http://[::1]:8080/cb', 'http://10.0.0.7/cb',
    'http://169.254.169.254/latest/meta-data', 'http://192.168.1.1/',
    'http://[fe80::1]/', 'http://[::ffff:10.0.0.7]/',
    'http://[64:ff9b::a9fe:a9fe]/', 'https://localhost/cb',
]
MALFORMED = ['http://x:99999/', 'http://b.example:0/cb',
             'http://b.example:http/cb']


def orders():
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(models.Order))


class TestCallbackUrlAtPlacement(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()

    def refused(self, url):
        response = self.place(callback_url=url)
        if response.status_code != 400:
            return '%s: %s' % (url, response.status_code)
        message = response.json['error']['message']
        if 'callback_url' not in message:
            return '%s: %s' % (url, message)
        return None

    def test_non_public_and_malformed_urls_are_a_400(self):
        self.assertEqual([], [r for r in map(self.refused,
                                             REFUSED + MALFORMED) if r])
        self.assertEqual(0, orders())
        self.engine.order_placed.assert_not_called()

    def test_a_name_that_resolves_to_a_private_address(self):
        answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, '',
                   ('10.20.30.40', 443))]
        with mock.patch('socket.getaddrinfo', autospec=True,
                        return_value=answer):
            self.assertIsNone(self.refused('https://intranet.example/cb'))

    def test_allow_private_lets_loopback_in_but_not_a_bad_port(self):
        self.flags(callback_allow_private=True, group='orders')
        response = self.place(callback_url='http://127.0.0.1:8080/cb')
        self.assertEqual(201, response.status_code, response.text)
        self.assertEqual([], [r for r in map(self.refused, MALFORMED) if r])
        self.assertEqual(1, orders())

    def test_public_and_unresolvable_names_are_accepted(self):
        for url in ('https://93.184.215.14/cb', 'https://b.example/cb'):
            response = self.place(callback_url=url)
            self.assertEqual(201, response.status_code, response.text)
