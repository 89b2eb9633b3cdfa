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

"""The notification endpoint, fed with payloads captured from minicloud."""

import copy
import datetime
import json
import os

import fixtures
from oslo_db import exception as db_exc
import oslo_messaging

from utter_va import capacity
from utter_va.db import capacity as db_capacity
from utter_va.engine import notifications
from utter_va.tests import base

DATA = os.path.join(os.path.dirname(__file__), '..', 'data',
                    'nova_notifications')


def captured(event_type):
    with open(os.path.join(DATA, event_type + '.json')) as f:
        message = json.load(f)
    # The listener hands endpoints this shape.
    return {'ctxt': {}, 'publisher_id': message['publisher_id'],
            'event_type': message['event_type'],
            'payload': message['payload'],
            'metadata': {'timestamp': message['timestamp']}}


def add_provider(name, generation=1):
    inventory = capacity.Inventory(8, 0, 1, 8, 1, 4.0, 0)
    db_capacity.provider_update_from_placement(
        'uuid-' + name, name, generation, {'VCPU': inventory})


class TestNovaNotificationsEndpoint(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.dirty = []
        self.endpoint = notifications.NovaNotificationsEndpoint(
            self.dirty.append)

    def test_filter_accepts_only_followed_events(self):
        rule = self.endpoint.filter_rule
        for event_type in ('instance.create.end', 'service.update',
                           'metrics.update', 'instance.shelve.end'):
            self.assertTrue(rule.match({}, 'p', event_type, {}, {}),
                            event_type)
        for event_type in ('instance.create.start', 'flavor.create',
                           'scheduler.select_destinations.end',
                           'instance.create.endx'):
            self.assertFalse(rule.match({}, 'p', event_type, {}, {}),
                             event_type)

    def test_instance_events_mark_their_node_once(self):
        messages = [captured('instance.create.end'),
                    captured('instance.delete.end'),
                    captured('instance.suspend.end')]
        result = self.endpoint.info(messages)
        self.assertEqual(oslo_messaging.NotificationResult.HANDLED, result)
        nodes = {m['payload']['nova_object.data']['node'] for m in messages}
        self.assertEqual([nodes], self.dirty)

    def test_service_update_disables_and_newer_wins(self):
        message = captured('service.update')
        host = message['payload']['nova_object.data']['host']
        add_provider(host)
        self.endpoint.info([message])
        provider = db_capacity.provider_list()[0]
        self.assertTrue(provider['service_disabled'])
        # A replayed older "enabled" event changes nothing.
        older = copy.deepcopy(message)
        older['payload']['nova_object.data']['disabled'] = False
        older['metadata']['timestamp'] = '2000-01-01 00:00:00.000000'
        self.endpoint.info([older])
        self.assertTrue(db_capacity.provider_list()[0]['service_disabled'])
        # A newer one applies.
        newer = copy.deepcopy(older)
        newer['metadata']['timestamp'] = '2100-01-01 00:00:00.000000'
        self.endpoint.info([newer])
        self.assertFalse(db_capacity.provider_list()[0]['service_disabled'])
        # The applied changes, not the stale one, call for a recompute.
        self.assertEqual([{host}, {host}], self.dirty)

    def test_forced_down_and_deleted_services_sell_nothing(self):
        message = captured('service.update')
        data = message['payload']['nova_object.data']
        add_provider(data['host'])
        data.update(disabled=False, forced_down=True)
        self.endpoint.info([message])
        self.assertFalse(db_capacity.provider_list()[0]['service_up'])
        deleted = copy.deepcopy(message)
        deleted['event_type'] = 'service.delete'
        deleted['payload']['nova_object.data']['forced_down'] = False
        deleted['metadata']['timestamp'] = '2100-01-01 00:00:00.000000'
        self.endpoint.info([deleted])
        provider = db_capacity.provider_list()[0]
        self.assertTrue(provider['service_disabled'])
        self.assertFalse(provider['service_up'])

    def test_metrics_update_records_cpu_load(self):
        message = captured('metrics.update')
        data = message['payload']['nova_object.data']
        add_provider(data['host'])
        self.endpoint.info([message])
        percent = [m['nova_object.data']['value'] for m in data['metrics']
                   if m['nova_object.data']['name'] == 'cpu.percent'][0]
        provider = db_capacity.provider_list()[0]
        self.assertEqual(float(percent), provider['cpu_load_percent'])
        self.assertIsInstance(provider['metrics_updated_at'],
                              datetime.datetime)

    def test_malformed_payload_is_dropped_not_requeued(self):
        bad = captured('service.update')
        bad['payload'] = {'unexpected': True}
        worse = captured('metrics.update')
        worse['payload']['nova_object.data']['metrics'] = [{'x': 1}]
        good = captured('instance.create.end')
        result = self.endpoint.info([bad, worse, good])
        self.assertEqual(oslo_messaging.NotificationResult.HANDLED, result)
        self.assertEqual(1, len(self.dirty))

    def test_database_error_requeues(self):
        message = captured('service.update')
        self.useFixture(fixtures.MockPatch(
            'utter_va.db.capacity.apply_notifications',
            side_effect=db_exc.DBConnectionError('down')))
        self.assertEqual(oslo_messaging.NotificationResult.REQUEUE,
                         self.endpoint.info([message]))
