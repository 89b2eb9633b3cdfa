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

"""The buyer's reboot and rebuild of a real server, through the real API.

utter-va-api and utter-va-engine run against minicloud (Nova's fake virt
driver reboots and rebuilds for real as far as Nova's API, database and
notifications go). The buyer holds only the order token; the test reads
what Nova itself recorded: its instance actions and the rebuilt server's
user data.
"""

import base64
import time

from oslo_utils import uuidutils

from utter_va.common import order_token
from utter_va.db import api as db_api
from utter_va.orders import ledger
from utter_va.tests import fixtures
from utter_va.tests.functional import test_lifecycle

OLD_KEY = fixtures.SSH_KEY
NEW_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOiKKLR5WVRmIkPZz8Zc4'
           'kGrJQy1DG7wZ2mEJZqpTX6h rebuilt@example')


class TestBuyerActions(test_lifecycle.LifecycleCloudTestCase):

    def setUp(self):
        super().setUp()
        self.d.start_api()
        self.d.start_engine()
        self.token = order_token.new()
        self.order_id = uuidutils.generate_uuid()
        self.place(self.order_id, token_hash=order_token.digest(self.token),
                   ssh_public_key=OLD_KEY)

    def post(self, action, body=None, token=None):
        return self.d.request(
            'POST', '/v1/orders/%s/%s' % (self.order_id, action), body,
            headers={'X-Order-Token': token or self.token})

    def nova_actions(self, server_id):
        return [a.action for a in reversed(
            self.nova.instance_action.list(server_id))]

    def user_data(self, server_id):
        server = self.nova.servers.get(server_id)
        return base64.b64decode(
            getattr(server, 'OS-EXT-SRV-ATTR:user_data')).decode()

    def task(self, action, body=None):
        started = time.monotonic()
        status, view = self.post(action, body)
        self.assertEqual(202, status, view)
        self.assertEqual(action + 'ing', view['state'])
        order = self.wait_order(self.order_id, 'active')
        test_lifecycle.say('%s: active again after %.1fs' % (
            action, time.monotonic() - started))
        return order

    def test_reboot_then_rebuild_with_a_new_key(self):
        ledger.simulate_payment(self.order_id, 600)
        order = self.wait_order(self.order_id, 'active')
        server_id = order['server_id']
        self.wait_nova(server_id, 'ACTIVE')
        self.assertIn(OLD_KEY.split()[1], self.user_data(server_id))

        for token in ('wrong', self.token + 'x'):
            status, body = self.post('reboot', token=token)
            self.assertEqual(404, status, body)
        self.assertEqual(['create'], self.nova_actions(server_id))

        rebooted = self.task('reboot')
        self.assertEqual(['create', 'reboot'], self.nova_actions(server_id))
        self.assertEqual(order['paid_until'], rebooted['paid_until'],
                         'paid time runs on through a reboot')

        rebuilt = self.task('rebuild', {'ssh_public_key': NEW_KEY})
        self.wait_nova(server_id, 'ACTIVE')
        self.assertEqual(['create', 'reboot', 'rebuild'],
                         self.nova_actions(server_id))
        stored = self.user_data(server_id)
        self.assertIn(NEW_KEY.split()[1], stored)
        self.assertNotIn(OLD_KEY.split()[1], stored)
        self.assertEqual(server_id, rebuilt['server_id'])
        self.assertEqual({server_id}, self.servers_of(self.order_id))
        self.assertEqual(
            ['active', 'rebooting', 'active', 'rebuilding', 'active'],
            [t['to_state'] for t in
             db_api.order_transitions(self.order_id)][3:])
        status, body = self.post('rebuild', {'ssh_public_key': 'junk'})
        self.assertEqual(400, status, body)
        self.assertIn('ssh_public_key:', body['error']['message'])
