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

"""The capacity model against fake Placement and Nova clients."""

from oslo_utils import timeutils

from utter_va import capacity
from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import models
from utter_va.db import prices as db_prices
from utter_va.engine import capacity_model
from utter_va.tests import base
from utter_va.tests import fixtures


def host_inventories(used_vcpu=0, used_ram=0):
    return {
        'VCPU': capacity.Inventory(8, 0, 1, 8, 1, 4.0, used_vcpu),
        'MEMORY_MB': capacity.Inventory(16384, 0, 1, 16384, 1, 1.0,
                                        used_ram),
        'DISK_GB': capacity.Inventory(200, 0, 1, 200, 1, 1.0, 0),
    }


class FakePlacement:
    def __init__(self):
        self.state = {}
        self.reads = []

    def providers(self):
        return [{'uuid': uuid, 'name': name, 'generation': gen}
                for uuid, (name, gen, _) in sorted(self.state.items())]

    def provider_state(self, uuid):
        self.reads.append(uuid)
        name, generation, inventories = self.state[uuid]
        return generation, inventories


class FakeNova:
    def __init__(self):
        self.services = []

    def compute_services(self):
        return list(self.services)


class TestCapacityModel(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.placement = FakePlacement()
        self.nova = FakeNova()
        self.model = capacity_model.CapacityModel(self.placement, self.nova)
        for host in ('compute1', 'compute2'):
            self.placement.state['u-' + host] = (host, 1, host_inventories())
            self.nova.services.append({'host': host, 'disabled': False,
                                       'up': True})
        db_prices.price_set({'flavor_id': 'small', 'flavor_name': 'm1.small',
                             'vcpus': 1, 'ram_mb': 2048, 'disk_gb': 20,
                             'price_msat_per_hour': 2_000_000,
                             'max_units': None, 'enabled': True,
                             'images': ['cirros']})

    def sellable(self):
        return {r['flavor_id']: r['sellable_units']
                for r in db_capacity.flavor_capacity_list()}

    def test_full_sync_sums_providers(self):
        self.model.full_sync()
        self.assertEqual({'small': 16}, self.sellable())

    def test_disabled_service_sells_nothing(self):
        self.nova.services[0]['disabled'] = True
        self.model.full_sync()
        self.assertEqual({'small': 8}, self.sellable())

    def test_refresh_reads_only_the_named_provider(self):
        self.model.full_sync()
        self.placement.reads.clear()
        self.placement.state['u-compute1'] = (
            'compute1', 2, host_inventories(used_vcpu=3, used_ram=6144))
        self.model.refresh({'compute1'})
        self.assertEqual(['u-compute1'], self.placement.reads)
        self.assertEqual({'small': 13}, self.sellable())

    def test_stale_generation_never_rolls_back(self):
        self.placement.state['u-compute1'] = (
            'compute1', 5, host_inventories(used_ram=6144))
        self.model.full_sync()
        self.assertEqual({'small': 13}, self.sellable())
        self.placement.state['u-compute1'] = ('compute1', 4,
                                              host_inventories())
        self.model.refresh({'compute1'})
        self.assertEqual({'small': 13}, self.sellable())

    def test_providers_gone_from_placement_are_forgotten(self):
        self.model.full_sync()
        del self.placement.state['u-compute2']
        self.model.full_sync()
        self.assertEqual(['compute1'],
                         [p['name'] for p in db_capacity.provider_list()])
        self.assertEqual({'small': 8}, self.sellable())

    def test_unpaid_orders_hold_and_max_units_caps(self):
        now = timeutils.utcnow()
        for i, (state, expires) in enumerate((
                ('awaiting_payment', 600), ('awaiting_payment', -600),
                ('paid', None), ('active', None))):
            order = fixtures.create_test_order(
                id='o%d' % i, state=state, flavor_id='small')
            if expires is not None:
                with db_api.writer() as s:
                    s.add(models.PaymentRequest(
                        order_id=order['id'], driver='fake',
                        external_id='r%d' % i, amount_msat=1,
                        expires_at=now + timeutils.datetime.timedelta(
                            seconds=expires)))
        rows = self.model.full_sync()
        # One live unpaid order and one paid order hold; the expired
        # request and the active order (counted by Placement) do not.
        self.assertEqual([{'flavor_id': 'small', 'fit_units': 16,
                           'held_units': 2, 'sellable_units': 14}], rows)
        db_prices.price_set({'flavor_id': 'small', 'max_units': 5})
        self.assertEqual({'small': 5},
                         {r['flavor_id']: r['sellable_units']
                          for r in self.model.recompute()})
        db_prices.price_set({'flavor_id': 'small', 'enabled': False})
        self.assertEqual(0, self.model.recompute()[0]['sellable_units'])


class TestComputeRows(base.TestCase):
    """The grouped fast path gives what the plain rules give."""

    def test_matches_plain_rules_on_random_clouds(self):
        import random
        rng = random.Random(7)
        for _ in range(20):
            providers = []
            for _ in range(rng.randint(0, 40)):
                inventories = {}
                for resource_class, total in (('VCPU', 16),
                                              ('MEMORY_MB', 8192),
                                              ('DISK_GB', 100)):
                    if rng.random() < 0.05:
                        continue
                    inventories[resource_class] = capacity.Inventory(
                        total, rng.choice((0, 0, 512 % total)),
                        rng.choice((1, 1, 1, 2)),
                        rng.choice((total, total, total // 2)),
                        rng.choice((1, 1, 1, 2)),
                        rng.choice((1.0, 1.5, 4.0)),
                        rng.randint(0, total))
                providers.append({'inventories': inventories,
                                  'service_disabled': rng.random() < 0.1,
                                  'service_up': rng.random() < 0.95})
            prices = [{'flavor_id': str(i), 'vcpus': rng.choice((0, 1, 2, 3)),
                       'ram_mb': rng.choice((0, 512, 1000, 2048)),
                       'disk_gb': rng.choice((0, 1, 10, 25)),
                       'max_units': None, 'enabled': True}
                      for i in range(10)]
            rows = capacity_model.compute_rows(providers, prices, {})
            for price, row in zip(prices, rows):
                request = capacity.flavor_request(
                    price['vcpus'], price['ram_mb'], price['disk_gb'])
                expected = sum(capacity.units_on_provider(
                    p['inventories'], request,
                    not p['service_disabled'] and p['service_up'])
                    for p in providers)
                self.assertEqual(expected, row['fit_units'], price)
