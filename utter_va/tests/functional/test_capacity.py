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

"""The engine's capacity model on the real cloud, driven by its bus.

utter-va-engine runs as a process against minicloud and a private MariaDB
database. The full sync is set far apart (10 minutes), so every change the
test sees after the first sync came from Nova's notifications and a
re-read of the one node concerned.
"""

import os
import time

from novaclient import client as nova_client
from oslo_utils import uuidutils
import testtools

from utter_va import capacity
from utter_va.db import capacity as db_capacity
from utter_va.db import prices as db_prices
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import minicloud

WAIT = 120
RAM_MB = 2048


def sellable(flavor_id):
    for row in db_capacity.flavor_capacity_list():
        if row['flavor_id'] == flavor_id:
            return row['sellable_units']
    return None


def expected_from_model(flavor):
    """Units of ``flavor`` on the enabled providers the engine stored."""
    request = capacity.flavor_request(flavor.vcpus, flavor.ram, flavor.disk)
    return sum(capacity.units_on_provider(
        p['inventories'], request,
        not p['service_disabled'] and p['service_up'])
        for p in db_capacity.provider_list())


class TestCapacityOnTheCloud(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(minicloud.MinicloudFixture())
        self.db = self.useFixture(ft_fixtures.MySQLDatabase(migrate=True))
        self.nova = nova_client.Client('2.79',
                                       session=self.cloud.session())
        self.tmp = self.useFixture(ft_fixtures.fixtures.TempDir()).path
        self.flavor = self.nova.flavors.create(
            'cap-%s' % uuidutils.generate_uuid()[:8], ram=RAM_MB, vcpus=1,
            disk=1)
        self.addCleanup(self.flavor.delete)
        db_prices.price_set({
            'flavor_id': self.flavor.id, 'flavor_name': self.flavor.name,
            'vcpus': 1, 'ram_mb': RAM_MB, 'disk_gb': 1,
            'price_msat_per_hour': 1_000_000, 'max_units': None,
            'enabled': True, 'images': ['cirros']})
        self.config = os.path.join(self.tmp, 'engine.conf')
        with open(self.config, 'w') as f:
            f.write('[DEFAULT]\nlog_dir = %s\ndebug = true\n'
                    '[database]\nconnection = %s\n'
                    '[engine]\nheartbeat_interval = 5\n'
                    'capacity_sync_interval = 600\n'
                    'capacity_refresh_delay = 0.5\n'
                    'notification_pool = ft-%s\n'
                    % (self.tmp, self.db.url, uuidutils.generate_uuid()))
        self.engine = self.start_engine()

    def start_engine(self):
        return self.useFixture(ft_fixtures.ServiceProcess(
            'utter-va-engine', [self.cloud.utter_conf, self.config]))

    def wait_sellable(self, expected, message):
        return ft_fixtures.wait_for(
            lambda: sellable(self.flavor.id) == expected(), WAIT,
            '%s: sellable %s, expected %s' % (
                message, sellable(self.flavor.id), expected()))

    def boot(self, count):
        image = self.cloud.session().get(
            '/v2/images?name=cirros',
            endpoint_filter={'service_type': 'image'}).json()['images'][0]
        servers = [self.nova.servers.create(
            'cap-%d' % i, image['id'], self.flavor.id, nics='none')
            for i in range(count)]
        for server in servers:
            self.addCleanup(self._delete_quietly, server.id)
        for server in servers:
            ft_fixtures.wait_for(
                lambda: self.nova.servers.get(server.id).status == 'ACTIVE',
                WAIT, 'server %s not ACTIVE' % server.id)
        return servers

    def _delete_quietly(self, server_id):
        try:
            self.nova.servers.delete(server_id)
        except Exception:
            pass

    def test_capacity_follows_boots_deletes_and_service_state(self):
        ft_fixtures.wait_for(lambda: sellable(self.flavor.id) is not None,
                             WAIT, 'the engine computed nothing')
        self.wait_sellable(lambda: expected_from_model(self.flavor),
                           'first sync')
        baseline = sellable(self.flavor.id)
        self.assertGreaterEqual(baseline, 4)

        servers = self.boot(2)
        self.wait_sellable(lambda: baseline - 2,
                           'two boots did not lower the sellable units')
        for server in servers:
            server.delete()
        self.wait_sellable(lambda: baseline,
                           'two deletes did not raise them back')

        service = [s for s in self.nova.services.list(binary='nova-compute')
                   if s.host == 'compute1'][0]
        self.nova.services.disable(service.id)
        self.addCleanup(self.nova.services.enable, service.id)
        on_compute1 = [p for p in db_capacity.provider_list()
                       if p['name'] == 'compute1'][0]
        request = capacity.flavor_request(1, RAM_MB, 1)
        lost = capacity.units_on_provider(on_compute1['inventories'],
                                          request)
        self.assertGreater(lost, 0)
        self.wait_sellable(lambda: baseline - lost,
                           'a disabled host still sells')
        self.nova.services.enable(service.id)
        self.wait_sellable(lambda: baseline, 'a re-enabled host sells again')

        before = self._model()
        self.assertEqual(0, self.engine.terminate())
        self.engine = self.start_engine()
        time.sleep(3)
        ft_fixtures.wait_for(lambda: self._model() == before, WAIT,
                             'the restarted engine built another model')

    def _model(self):
        providers = [(p['uuid'], p['generation'], p['service_disabled'],
                      p['service_up'], sorted(p['inventories'].items()))
                     for p in db_capacity.provider_list()]
        return providers, sellable(self.flavor.id)
