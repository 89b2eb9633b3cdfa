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

"""Tests of prices and their history."""

from utter_va.db import prices as db_prices
from utter_va import exception
from utter_va.tests import base

SMALL = {'flavor_id': 'f-small', 'flavor_name': 'm1.small', 'vcpus': 1,
         'ram_mb': 2048, 'disk_gb': 20, 'price_msat_per_hour': 2_000_000,
         'max_units': None, 'enabled': True, 'images': ['cirros']}


class TestPrices(base.DbTestCase):

    def test_set_update_delete_keep_history(self):
        db_prices.price_set(SMALL, changed_by='admin-1')
        db_prices.price_set({'flavor_id': 'f-small',
                             'price_msat_per_hour': 3_000_000},
                            changed_by='admin-2')
        self.assertEqual(3_000_000, db_prices.price_get('f-small')[
            'price_msat_per_hour'])
        self.assertEqual(['cirros'], db_prices.price_get('f-small')['images'])
        db_prices.price_delete('f-small', changed_by='admin-1')
        self.assertRaises(exception.FlavorPriceNotFound,
                          db_prices.price_get, 'f-small')
        history = db_prices.price_history('f-small')
        self.assertEqual(['create', 'update', 'delete'],
                         [h['action'] for h in history])
        self.assertEqual([2_000_000, 3_000_000, 3_000_000],
                         [h['price_msat_per_hour'] for h in history])
        self.assertEqual(['admin-1', 'admin-2', 'admin-1'],
                         [h['changed_by'] for h in history])

    def test_list_and_enabled_only(self):
        db_prices.price_set(SMALL)
        db_prices.price_set(dict(SMALL, flavor_id='f-tiny',
                                 flavor_name='m1.tiny', enabled=False))
        self.assertEqual(['m1.small', 'm1.tiny'],
                         [p['flavor_name'] for p in db_prices.price_list()])
        self.assertEqual(['m1.small'], [
            p['flavor_name'] for p in db_prices.price_list(enabled_only=True)])

    def test_delete_missing(self):
        self.assertRaises(exception.FlavorPriceNotFound,
                          db_prices.price_delete, 'nope')

    def test_get_and_delete_by_name_or_id(self):
        db_prices.price_set(SMALL)
        db_prices.price_set(dict(SMALL, flavor_id='m1.small',
                                 flavor_name='m1.other'))
        # NOTE: an id wins over a name.
        self.assertEqual('m1.other', db_prices.price_get('m1.small')[
            'flavor_name'])
        self.assertEqual('f-small', db_prices.price_get('f-small')[
            'flavor_id'])
        self.assertEqual('m1.small', db_prices.price_get('m1.other')[
            'flavor_id'])
        db_prices.price_delete('m1.other')
        self.assertEqual('f-small', db_prices.price_get('m1.small')[
            'flavor_id'])

    def test_a_name_of_several_prices_is_a_conflict(self):
        db_prices.price_set(SMALL)
        db_prices.price_set(dict(SMALL, flavor_id='f-small-new'))
        for call in (db_prices.price_get, db_prices.price_delete):
            exc = self.assertRaises(exception.Conflict, call, 'm1.small')
            self.assertIn('by its id', str(exc))
        self.assertEqual(2, len(db_prices.price_list()))
