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

"""The project's OpenStack is real: Keystone, Placement, Nova and the bus.

A server is booted with python-novaclient, reaches ACTIVE, shows its console
output, is suspended, resumed and deleted, and each step's versioned
notification arrives on the real RabbitMQ through an oslo.messaging
listener; disabling a compute service for a moment gives ``service.update``
and each compute's CPU monitor gives ``metrics.update`` every period.

With UTTER_VA_CAPTURE_NOTIFICATIONS=<dir> the lifecycle test also waits for
``metrics.update`` and saves one message of each kind it saw there, those of
its own server and service first (tools/capture-notifications does this to
refresh the unit tests' data).
"""

import json
import os
import threading
import time

from keystoneauth1 import loading as ks_loading
from novaclient import client as nova_client
from oslo_config import cfg
import oslo_messaging
from oslo_utils import uuidutils
import requests
import testtools

from utter_va.tests.functional import minicloud

NOVA_MICROVERSION = '2.79'
WAIT = 180


class Collector:
    """A notification endpoint that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        with self.lock:
            self.messages.append({'event_type': event_type,
                                  'publisher_id': publisher_id,
                                  'timestamp': metadata.get('timestamp'),
                                  'payload': payload})

    def wait_for(self, event_type, match=lambda payload: True,
                 timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages:
                    if (message['event_type'] == event_type and
                            match(message['payload'])):
                        return message
            time.sleep(0.2)
        seen = sorted({m['event_type'] for m in self.messages})
        raise AssertionError('no %s within %ss; seen: %s' % (
            event_type, timeout, seen))


def instance_is(server_id):
    def match(payload):
        data = payload.get('nova_object.data', {})
        return data.get('uuid') == server_id
    return match


def service_is(host, disabled):
    def match(payload):
        data = payload['nova_object.data']
        return data.get('host') == host and data.get('disabled') is disabled
    return match


class TestMinicloud(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(minicloud.MinicloudFixture())
        self.session = self.cloud.session('minicloud-admin')
        self.nova = nova_client.Client(NOVA_MICROVERSION,
                                       session=self.session)

    def listen(self):
        conf = cfg.ConfigOpts()
        conf([], project='minicloud-test', default_config_files=[])
        transport = oslo_messaging.get_notification_transport(
            conf, url=self.cloud.values['transport_url'])
        collector = Collector()
        listener = oslo_messaging.get_notification_listener(
            transport,
            [oslo_messaging.Target(topic='versioned_notifications',
                                   exchange='nova')],
            [collector], executor='threading',
            pool='minicloud-test-%s' % uuidutils.generate_uuid())
        listener.start()
        self.addCleanup(transport.cleanup)
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)
        return collector

    def wait_status(self, server, status, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.nova.servers.get(server.id)
            if server.status == status:
                return server
            if server.status == 'ERROR':
                self.fail('server %s went to ERROR: %s' % (
                    server.id, getattr(server, 'fault', None)))
            time.sleep(0.5)
        self.fail('server %s not %s within %ss (is %s)' % (
            server.id, status, timeout, server.status))

    def test_keystone_token_through_keystoneauth_options(self):
        conf = cfg.ConfigOpts()
        ks_loading.register_auth_conf_options(conf, 'nova')
        ks_loading.register_session_conf_options(conf, 'nova')
        conf(['--config-file', self.cloud.utter_conf], project='x',
             default_config_files=[])
        auth = ks_loading.load_auth_from_conf_options(conf, 'nova')
        session = ks_loading.load_session_from_conf_options(
            conf, 'nova', auth=auth)
        token = session.get_token()
        self.assertTrue(token)
        self.assertEqual('utter', requests.get(
            self.cloud.values['auth_url'] + '/auth/tokens',
            headers={'X-Auth-Token': token, 'X-Subject-Token': token},
            timeout=30).json()['token']['user']['name'])

    def test_hypervisors_and_resource_providers(self):
        hypervisors = self.nova.hypervisors.list()
        self.assertEqual({'compute1', 'compute2'},
                         {h.hypervisor_hostname for h in hypervisors})
        placement = self.session.get(
            '/resource_providers', endpoint_filter={
                'service_type': 'placement'},
            headers={'OpenStack-API-Version': 'placement 1.14'}).json()
        names = {rp['name'] for rp in placement['resource_providers']}
        self.assertEqual({'compute1', 'compute2'}, names)
        provider = placement['resource_providers'][0]['uuid']
        inventories = self.session.get(
            '/resource_providers/%s/inventories' % provider,
            endpoint_filter={'service_type': 'placement'}).json()
        self.assertEqual(8, inventories['inventories']['VCPU']['total'])
        self.assertEqual(4.0, inventories['inventories']['VCPU'][
            'allocation_ratio'])

    def test_server_lifecycle_with_notifications(self):
        collector = self.listen()
        flavor = self.nova.flavors.create(
            'ft-%s' % uuidutils.generate_uuid()[:8], ram=256, vcpus=1,
            disk=1)
        self.addCleanup(flavor.delete)
        image = self.session.get(
            '/v2/images?name=cirros',
            endpoint_filter={'service_type': 'image'}).json()['images'][0]
        server = self.nova.servers.create(
            'ft-server', image['id'], flavor.id, nics='none')
        self.addCleanup(self._delete_quietly, server.id)
        server = self.wait_status(server, 'ACTIVE')
        collector.wait_for('instance.create.end', instance_is(server.id))
        self.assertIn('FAKE CONSOLE OUTPUT', server.get_console_output())

        server.suspend()
        self.wait_status(server, 'SUSPENDED')
        collector.wait_for('instance.suspend.end', instance_is(server.id))
        server.resume()
        self.wait_status(server, 'ACTIVE')
        collector.wait_for('instance.resume.end', instance_is(server.id))
        server.delete()
        collector.wait_for('instance.delete.end', instance_is(server.id))

        # NOTE: other functional tests share the cloud: the service is
        # disabled only until its notification arrives.
        compute = self.nova.services.list(binary='nova-compute')[0]
        self.addCleanup(self.nova.services.enable, compute.id)
        self.nova.services.disable_log_reason(compute.id, 'functional test')
        disabled = collector.wait_for('service.update', service_is(
            compute.host, disabled=True))
        self.nova.services.enable(compute.id)
        collector.wait_for('service.update', service_is(
            compute.host, disabled=False))
        self._capture(collector, server.id, disabled)

    def test_metrics_update_every_period(self):
        collector = self.listen()
        for host in ('compute1', 'compute2'):
            message = collector.wait_for(
                'metrics.update',
                lambda p, host=host: p['nova_object.data']['host'] == host,
                timeout=90)
            metrics = {m['nova_object.data']['name']: m['nova_object.data']
                       for m in message['payload']['nova_object.data'][
                           'metrics']}
            self.assertIn('cpu.percent', metrics)
            self.assertIn('cpu.user.time', metrics)

    def _delete_quietly(self, server_id):
        try:
            self.nova.servers.delete(server_id)
        except Exception:
            pass

    def _capture(self, collector, server_id, service_update):
        directory = os.environ.get('UTTER_VA_CAPTURE_NOTIFICATIONS')
        if not directory:
            return
        collector.wait_for('metrics.update', timeout=60)
        os.makedirs(directory, exist_ok=True)
        kept = {'service.update': service_update}
        with collector.lock:
            messages = list(collector.messages)
        mine = instance_is(server_id)
        for message in messages:
            if mine(message['payload']):
                kept.setdefault(message['event_type'], message)
        for message in messages:
            kept.setdefault(message['event_type'], message)
        for event_type, message in kept.items():
            with open(os.path.join(directory, event_type + '.json'),
                      'w') as f:
                json.dump(message, f, indent=2, sort_keys=True)
                f.write('\n')
