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

"""``openstack utter price ...`` and ``offer list``."""

from osc_lib.cli import format_columns
from osc_lib import exceptions

from utter_va.osc.v1 import common
from utter_va.osc.v1 import offers
from utter_va.osc.v1 import prices
from utter_va.tests.unit.osc import fakes

PRICE = {
    'flavor_id': 'f-1', 'flavor_name': 'm1.small', 'vcpus': 1,
    'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'], 'max_units': None,
    'enabled': True, 'pricing_driver': 'fixed',
    'ingress_rules': ['tcp:22', 'icmp'], 'allow_image_url': False,
    'created_at': '2025-01-01T00:00:00Z', 'updated_at': None,
    'sats_per_hour': 2000,
}
HISTORY = [{'action': 'create', 'changed_at': '2025-01-01T00:00:00Z',
            'changed_by': 'admin-id', 'sats_per_hour': 2000}]


class TestSetPrice(fakes.CommandTestCase):

    def test_minimal(self):
        self.api.register('PUT', '/v1/prices/m1.small', PRICE)
        columns, values = self.run_command(
            prices.SetPrice, ['m1.small', '--sats-per-hour', '2000'])
        self.assertEqual([('PUT', '/v1/prices/m1.small')], self.api.calls())
        self.assertEqual({'sats_per_hour': 2000}, self.api.body())
        self.assertEqual(prices.SHOW_FIELDS[:-1], columns)
        self.assertEqual(2000, values[columns.index('sats_per_hour')])
        self.assertEqual(format_columns.ListColumn(['cirros']),
                         values[columns.index('images')])
        rules = values[columns.index('ingress_rules')]
        self.assertEqual('tcp:22, icmp', rules.human_readable())
        self.assertEqual(['tcp:22', 'icmp'], rules.machine_readable())
        self.assertIs(False, values[columns.index('allow_image_url')])

    def test_every_option(self):
        self.api.register('PUT', '/v1/prices/m1.small', PRICE)
        self.run_command(prices.SetPrice, [
            'm1.small', '--sats-per-hour', '2500', '--image', 'cirros',
            '--image', 'debian', '--max-units', '3', '--disable',
            '--pricing-driver', 'utilization', '--ingress-rule', 'tcp:22',
            '--ingress-rule', 'tcp:8000-8100', '--allow-image-url'])
        self.assertEqual({'sats_per_hour': 2500,
                          'images': ['cirros', 'debian'], 'max_units': 3,
                          'enabled': False, 'pricing_driver': 'utilization',
                          'ingress_rules': ['tcp:22', 'tcp:8000-8100'],
                          'allow_image_url': True},
                         self.api.body())

    def test_default_ingress_rules_sends_null(self):
        self.api.register('PUT', '/v1/prices/m1.small',
                          dict(PRICE, ingress_rules=None))
        columns, values = self.run_command(prices.SetPrice, [
            'm1.small', '--sats-per-hour', '2000',
            '--default-ingress-rules'])
        self.assertEqual({'sats_per_hour': 2000, 'ingress_rules': None},
                         self.api.body())
        rules = values[columns.index('ingress_rules')]
        self.assertEqual('(default)', rules.human_readable())
        self.assertIsNone(rules.machine_readable())
        self.assertEqual('(default)', prices.IngressRulesColumn(
            []).human_readable())

    def test_no_image_url_sends_false(self):
        self.api.register('PUT', '/v1/prices/m1.small', PRICE)
        self.run_command(prices.SetPrice, [
            'm1.small', '--sats-per-hour', '2000', '--no-image-url'])
        self.assertEqual({'sats_per_hour': 2000, 'allow_image_url': False},
                         self.api.body())

    def test_ingress_and_image_url_unset_by_default(self):
        _cmd, args = self.parse(prices.SetPrice, [
            'x', '--sats-per-hour', '1'])
        self.assertIsNone(args.ingress_rules)
        self.assertIs(False, args.default_ingress_rules)
        self.assertIsNone(args.allow_image_url)

    def test_enable(self):
        _cmd, args = self.parse(prices.SetPrice, [
            'x', '--sats-per-hour', '1', '--enable'])
        self.assertIs(True, args.enabled)
        _cmd, args = self.parse(prices.SetPrice, [
            'x', '--sats-per-hour', '1'])
        self.assertIsNone(args.enabled)

    def test_parser_refuses(self):
        for argv in (['m1.small'],
                     ['m1.small', '--sats-per-hour', 'ten'],
                     ['--sats-per-hour', '1'],
                     ['x', '--sats-per-hour', '1', '--enable', '--disable'],
                     ['x', '--sats-per-hour', '1', '--ingress-rule',
                      'tcp:22', '--default-ingress-rules'],
                     ['x', '--sats-per-hour', '1', '--ingress-rule'],
                     ['x', '--sats-per-hour', '1', '--allow-image-url',
                      '--no-image-url'],
                     ['x', '--sats-per-hour', '1', '--max-units', 'many']):
            self.assertRaises(fakes.ParserError, self.parse,
                              prices.SetPrice, argv)

    def test_api_refuses(self):
        self.api.register('PUT', '/v1/prices/x', {'error': {
            'code': 400, 'title': 'Bad Request',
            'message': 'sats_per_hour: 0 is less than the minimum of 1'}},
            status=400)
        exc = self.assertRaises(exceptions.CommandError, self.run_command,
                                prices.SetPrice,
                                ['x', '--sats-per-hour', '0'])
        self.assertEqual('sats_per_hour: 0 is less than the minimum of 1 '
                         '(HTTP 400)', str(exc))


class TestUnsetPrice(fakes.CommandTestCase):

    def test_by_id(self):
        self.api.register('GET', '/v1/prices/f-1', PRICE)
        self.api.register('DELETE', '/v1/prices/f-1', '', status=204)
        self.assertIsNone(self.run_command(prices.UnsetPrice, ['f-1']))
        self.assertEqual([('GET', '/v1/prices/f-1'),
                          ('DELETE', '/v1/prices/f-1')], self.api.calls())

    def test_by_name(self):
        self.api.register('GET', '/v1/prices', {'prices': [PRICE]})
        self.api.register('GET', '/v1/prices/f-1', PRICE)
        self.api.register('DELETE', '/v1/prices/f-1', '', status=204)
        self.run_command(prices.UnsetPrice, ['m1.small'])
        self.assertEqual([('GET', '/v1/prices/m1.small'),
                          ('GET', '/v1/prices'),
                          ('GET', '/v1/prices/f-1'),
                          ('DELETE', '/v1/prices/f-1')], self.api.calls())

    def test_some_fail(self):
        self.api.register('GET', '/v1/prices', {'prices': [PRICE]})
        self.api.register('GET', '/v1/prices/f-1', PRICE)
        self.api.register('DELETE', '/v1/prices/f-1', '', status=204)
        exc = self.assertRaises(exceptions.CommandError, self.run_command,
                                prices.UnsetPrice, ['f-1', 'nope'])
        self.assertEqual('1 of 2 prices failed to unset.', str(exc))
        self.assertIn(('DELETE', '/v1/prices/f-1'), self.api.calls())

    def test_needs_a_flavor(self):
        self.assertRaises(fakes.ParserError, self.parse, prices.UnsetPrice,
                          [])


class TestListPrices(fakes.CommandTestCase):

    def setUp(self):
        super().setUp()
        self.api.register('GET', '/v1/prices', {'prices': [PRICE]})

    def test_list(self):
        columns, rows = self.run_command(prices.ListPrices, [])
        self.assertEqual(('Flavor ID', 'Flavor Name', 'Sats per Hour',
                          'Images', 'Max Units', 'Enabled',
                          'Pricing Driver'), columns)
        self.assertEqual([('f-1', 'm1.small', 2000,
                           format_columns.ListColumn(['cirros']), None, True,
                           'fixed')], rows)

    def test_long(self):
        columns, rows = self.run_command(prices.ListPrices, ['--long'])
        self.assertEqual(('vCPUs', 'RAM (MB)', 'Disk (GB)', 'Ingress Rules',
                          'Allow Image URL', 'Updated At'), columns[-6:])
        self.assertEqual((1, 2048, 20), rows[0][-6:-3])
        self.assertEqual('tcp:22, icmp', rows[0][-3].human_readable())
        self.assertEqual((False, None), rows[0][-2:])

    def test_long_without_allow_image_url(self):
        # NOTE: an API older than allow_image_url leaves it out.
        older = {k: v for k, v in PRICE.items() if k != 'allow_image_url'}
        self.api.register('GET', '/v1/prices', {'prices': [older]})
        columns, rows = self.run_command(prices.ListPrices, ['--long'])
        self.assertIsNone(rows[0][columns.index('Allow Image URL')])


class TestShowPrice(fakes.CommandTestCase):

    def test_show_with_history(self):
        self.api.register('GET', '/v1/prices/f-1',
                          dict(PRICE, history=HISTORY))
        columns, values = self.run_command(prices.ShowPrice, ['f-1'])
        self.assertEqual(prices.SHOW_FIELDS, columns)
        history = values[-1]
        self.assertIsInstance(history, common.HistoryColumn)
        self.assertEqual(HISTORY, history.machine_readable())
        self.assertEqual('2025-01-01T00:00:00Z create 2000 sats/h by '
                         'admin-id', history.human_readable())

    def test_unknown(self):
        self.api.register('GET', '/v1/prices', {'prices': [PRICE]})
        exc = self.assertRaises(exceptions.CommandError, self.run_command,
                                prices.ShowPrice, ['m1.large'])
        self.assertIn('(HTTP 404)', str(exc))

    def test_forbidden_is_not_looked_up_by_name(self):
        self.api.register('GET', '/v1/prices/f-1', {'error': {
            'code': 403, 'title': 'Forbidden', 'message': 'No.'}},
            status=403)
        self.assertRaises(exceptions.CommandError, self.run_command,
                          prices.ShowPrice, ['f-1'])
        self.assertEqual([('GET', '/v1/prices/f-1')], self.api.calls())


class TestPreviewPrice(fakes.CommandTestCase):

    PREVIEW = {'flavor_id': 'f-1', 'flavor_name': 'm1.small',
               'sats_per_hour': 2000, 'hours': 3, 'total_sats': 6000}

    def test_preview(self):
        self.api.register('GET', '/v1/prices/f-1', PRICE)
        self.api.register('GET', '/v1/prices/f-1/preview', self.PREVIEW)
        columns, values = self.run_command(prices.PreviewPrice,
                                           ['f-1', '--hours', '3'])
        self.assertEqual(('GET', '/v1/prices/f-1/preview?hours=3'),
                         self.api.calls()[-1])
        self.assertEqual(tuple(self.PREVIEW), columns)
        self.assertEqual(tuple(self.PREVIEW.values()), values)

    def test_hours_required_and_positive(self):
        self.assertRaises(fakes.ParserError, self.parse,
                          prices.PreviewPrice, ['f-1'])
        self.assertRaises(exceptions.CommandError, self.run_command,
                          prices.PreviewPrice, ['f-1', '--hours', '0'])
        self.assertEqual([], self.api.requests)


class TestListOffers(fakes.CommandTestCase):

    def test_list(self):
        offer = {'flavor_id': 'f-1', 'flavor_name': 'm1.small', 'vcpus': 1,
                 'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
                 'sats_per_hour': 2000, 'units_available': 4}
        self.api.register('GET', '/v1/offers', {'offers': [offer]})
        columns, rows = self.run_command(offers.ListOffers, [])
        self.assertEqual([('GET', '/v1/offers')], self.api.calls())
        self.assertEqual(('Flavor ID', 'Flavor Name', 'vCPUs', 'RAM (MB)',
                          'Disk (GB)', 'Images', 'Sats per Hour',
                          'Units Available'), columns)
        self.assertEqual([('f-1', 'm1.small', 1, 2048, 20,
                           format_columns.ListColumn(['cirros']), 2000, 4)],
                         rows)
