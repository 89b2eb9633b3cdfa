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

"""The real ``openstack`` client with the utter plugin, against a real API.

utter-va-api and utter-va-engine run as processes on a private MariaDB
database (:class:`deployment.Deployment`); minicloud's real Keystone gets
a ``marketplace`` service (of a unique name) and a public endpoint in
RegionOne pointing at that API, both deleted in cleanup. The ``openstack``
executable of the test's virtualenv runs as a subprocess with minicloud's
clouds.yaml and ``minicloud-admin``, and must find the API through the
catalog like an operator's client does.
"""

import json
import os
import subprocess
import sys

from novaclient import client as nova_client
from oslo_utils import uuidutils
import testtools

from utter_va.db import capacity as db_capacity
from utter_va.orders import ledger
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.functional import deployment
from utter_va.tests.functional import fixtures as ft_fixtures

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
CLOUD = 'minicloud-admin'
IMAGE = 'cirros'
SSH_KEY = test_fixtures.SSH_KEY
WAIT = 180


class TestOpenstackUtter(testtools.TestCase):
    """Every ``openstack utter`` command, through the service catalog."""

    def setUp(self):
        super().setUp()
        suffix = uuidutils.generate_uuid(dashed=False)[:10]
        self.deployment = self.useFixture(deployment.Deployment(options={
            'engine': {'notification_pool': 'ft-osc-%s' % suffix,
                       'capacity_sync_interval': 600,
                       'heartbeat_interval': 5},
        }))
        self.cloud = self.deployment.cloud
        self.deployment.start_api()
        self._register_in_catalog('utter-va-ft-%s' % suffix)
        nova = nova_client.Client('2.79', session=self.cloud.session(CLOUD))
        self.flavor = nova.flavors.create('osc-%s' % suffix, ram=512,
                                          vcpus=1, disk=1)
        self.addCleanup(self.flavor.delete)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith('OS_')}
        self.env.update({'OS_CLOUD': CLOUD,
                         'OS_CLIENT_CONFIG_FILE': self.cloud.clouds_yaml})

    def _register_in_catalog(self, service_name):
        """A marketplace service and its endpoint in Keystone."""
        session = self.cloud.session(CLOUD)
        identity = self.cloud.auth_url.rstrip('/')
        # NOTE: the client takes the first marketplace endpoint of the
        # catalog; with another one there, it might not reach this API.
        others = session.get('%s/services?type=marketplace' % identity
                             ).json()['services']
        self.assertEqual([], [s['name'] for s in others],
                         'another marketplace service is in the catalog')

        def create(collection, member, body):
            answer = session.post('%s/%s' % (identity, collection),
                                  json={member: body}).json()[member]
            self.addCleanup(session.delete, '%s/%s/%s' % (
                identity, collection, answer['id']))
            return answer
        service = create('services', 'service', {
            'type': 'marketplace', 'name': service_name,
            'description': 'utter-va under test'})
        create('endpoints', 'endpoint', {
            'service_id': service['id'], 'interface': 'public',
            'region_id': self.cloud.clouds[CLOUD]['region_name'],
            'url': self.deployment.api_url + '/'})

    def openstack(self, *args, fail=False):
        """Run ``openstack utter ...``.

        Returns the parsed JSON of ``-f json`` commands, else stdout; with
        ``fail`` the command must fail, and its stderr is returned.
        """
        argv = [OPENSTACK, 'utter']
        argv += [str(a) for a in args]
        result = subprocess.run(argv, env=self.env, capture_output=True,
                                text=True, timeout=120)
        if fail:
            self.assertNotEqual(0, result.returncode, result.stdout)
            self.assertNotIn('Traceback', result.stderr)
            return result.stderr
        self.assertEqual(0, result.returncode, '%s\nstdout: %s\nstderr: %s'
                         % (' '.join(argv), result.stdout, result.stderr))
        if '-f' in args and 'json' in args:
            return json.loads(result.stdout)
        return result.stdout

    def place_order(self):
        status, order = self.deployment.request('POST', '/v1/orders', {
            'flavor': self.flavor.name, 'image': IMAGE, 'hours': 1,
            'ssh_public_key': SSH_KEY})
        self.assertEqual(201, status, order)
        return order

    def test_commands(self):
        name = self.flavor.name

        # Prices, before the engine runs: set, change, list, show.
        price = self.openstack('price', 'set', name, '--sats-per-hour', 2000,
                               '--image', IMAGE, '--max-units', 5,
                               '-f', 'json')
        self.assertEqual(self.flavor.id, price['flavor_id'])
        self.assertEqual([IMAGE], price['images'])
        self.assertEqual(2000, price['sats_per_hour'])
        self.openstack('price', 'set', name, '--sats-per-hour', 2500,
                       '--disable')
        self.openstack('price', 'set', name, '--sats-per-hour', 2000,
                       '--enable')
        listed = self.openstack('price', 'list', '-f', 'json')
        self.assertEqual([(self.flavor.id, name, 2000, [IMAGE], 5, True)],
                         [(p['Flavor ID'], p['Flavor Name'],
                           p['Sats per Hour'], p['Images'], p['Max Units'],
                           p['Enabled']) for p in listed])
        shown = self.openstack('price', 'show', name, '-f', 'json')
        self.assertEqual(['create', 'update', 'update'],
                         [h['action'] for h in shown['history']])
        self.assertEqual([2000, 2500, 2000],
                         [h['sats_per_hour'] for h in shown['history']])
        table = self.openstack('price', 'show', self.flavor.id)
        self.assertIn('update 2500 sats/h', table)
        self.assertIn('(default)', table)

        # Ingress rules: a list of the price's own, then the default again.
        price = self.openstack('price', 'set', name, '--sats-per-hour', 2000,
                               '--ingress-rule', 'tcp:22', '--ingress-rule',
                               'tcp:8000-8100', '-f', 'json')
        self.assertEqual(['tcp:22', 'tcp:8000-8100'], price['ingress_rules'])
        self.assertEqual([IMAGE], price['images'])
        self.assertIn('tcp:22, tcp:8000-8100',
                      self.openstack('price', 'show', name))
        listed = self.openstack('price', 'list', '--long', '-f', 'json')
        self.assertEqual([['tcp:22', 'tcp:8000-8100']],
                         [p['Ingress Rules'] for p in listed
                          if p['Flavor ID'] == self.flavor.id])
        error = self.openstack('price', 'set', name, '--sats-per-hour', 2000,
                               '--ingress-rule', 'tcp/22', fail=True)
        self.assertIn('tcp/22 is not tcp:PORT', error)
        self.assertIn('(HTTP 400)', error)
        self.openstack('price', 'set', name, '--sats-per-hour', 2000,
                       '--default-ingress-rules')
        shown = self.openstack('price', 'show', name, '-f', 'json')
        # NOTE: the database keeps a null list as [].
        self.assertIn(shown['ingress_rules'], (None, []))
        self.assertIn('(default)', self.openstack('price', 'show', name))

        # Capacity, once the engine has synced with Placement.
        self.deployment.start_engine()
        ft_fixtures.wait_for(
            lambda: any(row['flavor_id'] == self.flavor.id
                        for row in db_capacity.flavor_capacity_list()),
            WAIT, 'the engine computed no capacity for %s' % name)
        capacity = self.openstack('capacity', 'show', '-f', 'json')
        ours = [row for row in capacity if row['Flavor ID'] == self.flavor.id]
        self.assertEqual(1, len(ours), capacity)
        self.assertEqual(name, ours[0]['Flavor Name'])
        self.assertGreater(ours[0]['Fit Units'], 0)
        hosts = self.openstack('hypervisor', 'list', '--long', '-f', 'json')
        self.assertEqual(
            sorted(p['name'] for p in db_capacity.provider_list()),
            sorted(h['Name'] for h in hosts))
        self.assertIn('VCPU', hosts[0]['Inventories'])
        offers = self.openstack('offer', 'list', '-f', 'json')
        offer = [o for o in offers if o['Flavor ID'] == self.flavor.id]
        self.assertEqual(1, len(offer), offers)
        self.assertEqual(([IMAGE], 2000), (offer[0]['Images'],
                                           offer[0]['Sats per Hour']))
        self.assertGreater(offer[0]['Units Available'], 0)
        preview = self.openstack('price', 'preview', name, '--hours', 3,
                                 '-f', 'json')
        self.assertEqual((3, 2000, 6000), (preview['hours'],
                                           preview['sats_per_hour'],
                                           preview['total_sats']))

        # Orders placed by buyers; the operator lists, reads, closes them.
        first, second = self.place_order(), self.place_order()
        orders = self.openstack('order', 'list', '--flavor', name,
                                '-f', 'json')
        self.assertEqual({first['id'], second['id']},
                         {o['ID'] for o in orders})
        self.assertEqual({'awaiting_payment'}, {o['State'] for o in orders})
        page = self.openstack('order', 'list', '--limit', 1, '-f', 'json')
        self.assertEqual(1, len(page))
        shown = self.openstack('order', 'show', first['id'], '-f', 'json')
        self.assertEqual((first['id'], 'awaiting_payment', name),
                         (shown['id'], shown['state'], shown['flavor']))
        self.assertEqual('awaiting_payment',
                         shown['transitions'][0]['to_state'])
        self.assertEqual('', self.openstack('order', 'cancel', first['id']))
        self.assertEqual('', self.openstack('order', 'terminate',
                                            second['id']))
        states = {o['ID']: o['State'] for o in self.openstack(
            'order', 'list', '--flavor', name, '-f', 'json')}
        self.assertEqual({first['id']: 'cancelled',
                          second['id']: 'terminated'}, states)
        error = self.openstack('order', 'cancel', first['id'], fail=True)
        self.assertIn('1 of 1 orders failed to cancel.', error)

        # A payment that arrives after the cancel is owed back.
        self.assertEqual([], self.openstack('payment', 'list', first['id'],
                                            '-f', 'json'))
        ledger.simulate_payment(first['id'], 2000)
        money = self.openstack('payment', 'list', first['id'], '--long',
                               '-f', 'json')
        self.assertEqual([('payment', 2000, 'fake'), ('refund', 2000, None)],
                         [(m['Kind'], m['Amount (sats)'], m['Driver'])
                          for m in money])

        # Errors are one clean line; unset stops selling.
        error = self.openstack('price', 'show', 'no-such-flavor', fail=True)
        self.assertIn('(HTTP 404)', error)
        self.assertEqual('', self.openstack('price', 'unset', name))
        self.assertNotIn(self.flavor.id, [p['Flavor ID'] for p in
                                          self.openstack('price', 'list',
                                                         '-f', 'json')])
        self.assertEqual([], [o for o in self.openstack(
            'offer', 'list', '-f', 'json') if o['Flavor ID'] ==
            self.flavor.id])
