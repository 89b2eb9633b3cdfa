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

"""Tests of the database functions on sqlite."""

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.tests import base


class TestOrders(base.DbTestCase):

    def test_get_missing_order(self):
        exc = self.assertRaises(exception.OrderNotFound, db_api.order_get,
                                'nope')
        self.assertEqual(404, exc.code)


class TestServices(base.DbTestCase):

    def test_heartbeat_creates_then_updates(self):
        first = db_api.service_heartbeat('node1', 'utter-va-engine', '1.0')
        second = db_api.service_heartbeat('node1', 'utter-va-engine', '1.1')
        self.assertEqual(first['id'], second['id'])
        self.assertEqual(first['started_at'], second['started_at'])
        self.assertGreaterEqual(second['last_seen_at'],
                                first['last_seen_at'])
        services = db_api.service_get_all(binary='utter-va-engine')
        self.assertEqual(1, len(services))
        self.assertEqual('1.1', services[0]['version'])
