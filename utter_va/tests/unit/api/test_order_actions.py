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

"""The buyer's reboot and rebuild routes: who may, when, with what."""

import base64
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import webtest

from utter_va.api import app as api_app
from utter_va.api import openapi
from utter_va.common import order_token
from utter_va.compute import user_data
from utter_va.db import api as db_api
from utter_va.orders import states
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.unit.api import orders_base

TOKEN = 'buyer-secret-token'
OTHER_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOiKKLR5WVRmIkPZz8Zc4'
             'kGrJQy1DG7wZ2mEJZqpTX6h new@example')


def order(state='active', **values):
    """An order of the buyer holding TOKEN, its server ACTIVE."""
    values = dict({
        'state': state, 'token_hash': order_token.digest(TOKEN),
        'server_id': uuidutils.generate_uuid(), 'server_state': 'ACTIVE',
        'paid_until': timeutils.utcnow() + datetime.timedelta(hours=1),
        'ssh_public_key': orders_base.SSH_KEY}, **values)
    return test_fixtures.create_test_order(**values)['id']


class TestOrderActions(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.order_id = order()

    def post(self, action, body=None, order_id=None, token=TOKEN,
             headers=None, remote=orders_base.BUYER):
        all_headers = dict(headers or {})
        if token is not None:
            all_headers['X-Order-Token'] = token
        return self.call('POST', '/v1/orders/%s/%s' % (
            order_id or self.order_id, action), body, headers=all_headers,
            remote=remote)

    def transitions(self, order_id=None):
        return [(t['to_state'], t['actor']) for t in
                db_api.order_transitions(order_id or self.order_id)][1:]

    def test_reboot_with_no_body(self):
        response = self.post('reboot')
        self.assertEqual(202, response.status_code, response.text)
        self.assertEqual('rebooting', response.json['state'])
        self.assertEqual(self.order_id, response.json['id'])
        self.assertNotIn('reboot_type', response.json)
        stored = db_api.order_get(self.order_id)
        self.assertEqual('SOFT', stored['reboot_type'])
        self.assertLessEqual(stored['state_deadline'], timeutils.utcnow(),
                             'due now: the sweep sends it if the cast is '
                             'lost')
        self.assertEqual([('rebooting', 'buyer')], self.transitions())
        self.engine.server_task_requested.assert_called_once_with(
            self.order_id)

    def test_reboot_hard_and_empty_bodies(self):
        self.assertEqual(202, self.post('reboot', {}).status_code)
        other = order()
        self.assertEqual(202, self.post('reboot', {'type': 'HARD'},
                                        order_id=other).status_code)
        self.assertEqual('HARD', db_api.order_get(other)['reboot_type'])
        for body in ({'type': 'WARM'}, {'type': 1}, {'hard': True}, []):
            response = self.post('reboot', body, order_id=order())
            self.assertEqual(400, response.status_code, body)

    def test_bad_reboot_type_names_the_field(self):
        response = self.post('reboot', {'type': 'WARM'})
        self.assertEqual(400, response.status_code)
        self.assertIn(': type: ', response.json['error']['message'])

    def test_every_state_but_active_is_refused_with_409(self):
        for state in states.ALL:
            if state == states.ACTIVE:
                continue
            for action in ('reboot', 'rebuild'):
                response = self.post(action, order_id=order(state))
                self.assertEqual(409, response.status_code, state)
                self.assertIn('is %s' % state,
                              response.json['error']['message'])
        self.engine.server_task_requested.assert_not_called()

    def test_in_progress_is_refused_and_nova_asked_once(self):
        self.assertEqual(202, self.post('reboot').status_code)
        for action in ('reboot', 'rebuild', 'reboot'):
            response = self.post(action)
            self.assertEqual(409, response.status_code)
            self.assertIn('already in progress',
                          response.json['error']['message'])
        self.assertEqual(1, self.engine.server_task_requested.call_count)
        self.assertEqual([('rebooting', 'buyer')], self.transitions())

    def test_paid_time_over_and_busy_server_are_refused(self):
        over = order(paid_until=timeutils.utcnow())
        self.assertIn('paid time is over', self.post(
            'reboot', order_id=over).json['error']['message'])
        suspending = order(server_state='SUSPENDED')
        self.assertIn('server is SUSPENDED', self.post(
            'rebuild', order_id=suspending).json['error']['message'])

    def test_a_stranger_gets_the_404_of_a_missing_order(self):
        missing = self.post('reboot', order_id=uuidutils.generate_uuid())
        self.assertEqual(404, missing.status_code)
        for action in ('reboot', 'rebuild'):
            for token in (None, '', 'wrong', TOKEN + 'x'):
                # A bad body too: the token is checked before anything.
                response = self.post(action, {'ssh_public_key': 'junk'},
                                     token=token)
                self.assertEqual(404, response.status_code, token)
                self.assertEqual(
                    missing.json['error']['message'].replace(
                        missing.request.path.split('/')[3], self.order_id),
                    response.json['error']['message'])
        self.assertEqual('active', db_api.order_get(self.order_id)['state'])
        self.engine.server_task_requested.assert_not_called()

    def test_a_keystone_token_does_not_replace_the_order_token(self):
        response = self.post('reboot', token=None, headers={
            'X-Auth-Token': self.token['admin']})
        self.assertEqual(404, response.status_code)

    def test_rebuild_with_a_new_key(self):
        response = self.post('rebuild', {'ssh_public_key': OTHER_KEY})
        self.assertEqual(202, response.status_code, response.text)
        self.assertEqual('rebuilding', response.json['state'])
        stored = db_api.order_get(self.order_id)
        self.assertEqual(OTHER_KEY, stored['ssh_public_key'])
        self.assertEqual('cirros', stored['image'])
        self.assertEqual('rebuild asked by the buyer, with a new SSH key',
                         db_api.order_transitions(self.order_id)[-1]['cause'])
        self.engine.server_task_requested.assert_called_once_with(
            self.order_id)

    def test_rebuild_without_a_key_keeps_the_key(self):
        self.assertEqual(202, self.post('rebuild').status_code)
        self.assertEqual(orders_base.SSH_KEY,
                         db_api.order_get(self.order_id)['ssh_public_key'])

    def test_rebuild_takes_no_other_image_nor_field(self):
        for body in ({'image': 'debian'}, {'user_data': 'x'},
                     {'ssh_public_key': OTHER_KEY, 'flavor': 'm1.big'}):
            response = self.post('rebuild', body)
            self.assertEqual(400, response.status_code, body)
            self.assertIn('Additional properties',
                          response.json['error']['message'])
        self.assertEqual('active', db_api.order_get(self.order_id)['state'])

    def test_bad_keys_name_the_field(self):
        forged = 'ssh-ed25519 ' + base64.b64encode(
            b'\x00\x00\x00\x07ssh-rsa' + b'\x00' * 40).decode()
        for key in ('junk', 'ssh-dss AAAAB3NzaC1kc3MAAACBAP' + 'A' * 40,
                    forged, OTHER_KEY + '\u2028evil', 42):
            response = self.post('rebuild', {'ssh_public_key': key})
            self.assertEqual(400, response.status_code, key)
            self.assertIn(': ssh_public_key: ',
                          response.json['error']['message'])
        self.assertEqual(orders_base.SSH_KEY,
                         db_api.order_get(self.order_id)['ssh_public_key'])

    def test_user_data_size_counts_the_new_key(self):
        # The order's user data fits with its key; a longer key does not
        # (plain text: '.' is no base64).
        low, high = 1, user_data.NOVA_MAX_BYTES
        while low < high:
            middle = (low + high + 1) // 2
            fits = user_data.nova_size(orders_base.SSH_KEY, '.' * middle) <= (
                user_data.NOVA_MAX_BYTES)
            low, high = (middle, high) if fits else (low, middle - 1)
        full = order(user_data='.' * low)
        response = self.post('rebuild', {
            'ssh_public_key': OTHER_KEY + ' ' + 'c' * 200}, order_id=full)
        self.assertEqual(400, response.status_code, response.text)
        self.assertIn(': user_data: ', response.json['error']['message'])
        self.assertEqual('active', db_api.order_get(full)['state'])

    def test_idempotency_key_replays_without_acting_again(self):
        headers = {'Idempotency-Key': 'reboot-1'}
        first = self.post('reboot', headers=headers)
        second = self.post('reboot', headers=headers)
        self.assertEqual((202, 202), (first.status_code, second.status_code))
        self.assertEqual(first.json, second.json)
        self.assertEqual('true', second.headers['Idempotent-Replayed'])
        self.assertEqual(1, self.engine.server_task_requested.call_count)
        self.assertEqual(409, self.post('reboot').status_code)

    def test_the_anonymous_rate_limit_applies(self):
        self.flags(anonymous_rate_limit=3, anonymous_rate_period=60,
                   group='api')
        self.app = webtest.TestApp(api_app.create_app())
        codes = [self.post('reboot', remote='198.51.100.7').status_code
                 for _ in range(5)]
        self.assertEqual([202, 409, 409, 429, 429], codes)
        self.assertEqual(1, self.engine.server_task_requested.call_count)

    def test_openapi_documents_the_public_routes(self):
        paths = openapi.generate(api_app.create_flask_app())['paths']
        for action in ('reboot', 'rebuild'):
            operation = paths['/v1/orders/{order_id}/%s' % action]['post']
            self.assertNotIn('security', operation)
            self.assertIn('202', operation['responses'])
            self.assertEqual(
                ['order_id', 'X-Order-Token', 'Idempotency-Key'],
                [p['name'] for p in operation['parameters']])
