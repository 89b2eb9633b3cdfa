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

"""``openstack utter price ...``: the operator's price of each flavor."""

import logging

from cliff import columns
from osc_lib.command import command
from osc_lib import exceptions

from utter_va.i18n import _
from utter_va.osc.v1 import common

LOG = logging.getLogger(__name__)

PRICE_FIELDS = (
    ('flavor_id', 'Flavor ID'),
    ('flavor_name', 'Flavor Name'),
    ('sats_per_hour', 'Sats per Hour'),
    ('images', 'Images'),
    ('max_units', 'Max Units'),
    ('enabled', 'Enabled'),
    ('pricing_driver', 'Pricing Driver'),
)
LONG_FIELDS = PRICE_FIELDS + (
    ('vcpus', 'vCPUs'),
    ('ram_mb', 'RAM (MB)'),
    ('disk_gb', 'Disk (GB)'),
    ('ingress_rules', 'Ingress Rules'),
    ('allow_image_url', 'Allow Image URL'),
    ('updated_at', 'Updated At'),
)
SHOW_FIELDS = ('flavor_id', 'flavor_name', 'vcpus', 'ram_mb', 'disk_gb',
               'sats_per_hour', 'images', 'max_units', 'enabled',
               'pricing_driver', 'ingress_rules', 'allow_image_url',
               'created_at', 'updated_at', 'history')


class IngressRulesColumn(columns.FormattableColumn):
    """A price's ingress rules, "(default)" when it has none of its own."""

    def human_readable(self):
        # NOTE: null and [] both mean [network] default_ingress_rules (the
        # database stores a null list as []).
        if not self._value:
            return _('(default)')
        return ', '.join(self._value)

    def machine_readable(self):
        return self._value


SHOW_FORMATTERS = {'history': common.HistoryColumn,
                   'ingress_rules': IngressRulesColumn}
LIST_FORMATTERS = {'ingress_rules': IngressRulesColumn}


def _flavor_argument(parser, help_text):
    parser.add_argument('flavor', metavar='<flavor>', help=help_text)


class SetPrice(command.ShowOne):
    """Set the price of a flavor (create or change it)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _flavor_argument(parser, _('Flavor to sell (Nova name or ID)'))
        parser.add_argument(
            '--sats-per-hour', metavar='<sats>', type=int, required=True,
            help=_('Base price in satoshis per hour of one instance'))
        parser.add_argument(
            '--image', metavar='<image>', dest='images', action='append',
            help=_('Image buyers may choose (name or ID); repeat the '
                   'option for several. Replaces the list of images.'))
        parser.add_argument(
            '--max-units', metavar='<units>', type=int,
            help=_('Sell at most this many instances of the flavor at '
                   'once'))
        enabled = parser.add_mutually_exclusive_group()
        enabled.add_argument(
            '--enable', dest='enabled', action='store_true', default=None,
            help=_('Offer the flavor to buyers'))
        enabled.add_argument(
            '--disable', dest='enabled', action='store_false', default=None,
            help=_('Keep the price but stop offering the flavor'))
        parser.add_argument(
            '--pricing-driver', metavar='<driver>',
            help=_('Pricing driver that turns the base price into the '
                   'current price (for example fixed or utilization)'))
        ingress = parser.add_mutually_exclusive_group()
        ingress.add_argument(
            '--ingress-rule', metavar='<rule>', dest='ingress_rules',
            action='append',
            help=_('Inbound traffic the security group of each order '
                   'admits, from anywhere: tcp:PORT, tcp:FIRST-LAST, '
                   'udp:PORT, udp:FIRST-LAST, icmp or any; repeat the '
                   'option for several. Replaces the list of rules.'))
        ingress.add_argument(
            '--default-ingress-rules', action='store_true',
            help=_('Use the configured [network] default_ingress_rules '
                   'instead of rules of this price'))
        image_url = parser.add_mutually_exclusive_group()
        image_url.add_argument(
            '--allow-image-url', dest='allow_image_url',
            action='store_true', default=None,
            help=_('Let buyers of the flavor boot an image they give by '
                   'URL instead of one of the images'))
        image_url.add_argument(
            '--no-image-url', dest='allow_image_url', action='store_false',
            default=None,
            help=_('Let buyers boot only one of the images (default for '
                   'a new price)'))
        return parser

    def take_action(self, parsed_args):
        values = {'sats_per_hour': parsed_args.sats_per_hour}
        for key in ('images', 'max_units', 'enabled', 'pricing_driver',
                    'ingress_rules', 'allow_image_url'):
            value = getattr(parsed_args, key)
            if value is not None:
                values[key] = value
        if parsed_args.default_ingress_rules:
            values['ingress_rules'] = None
        price = common.client(self.app).price_set(parsed_args.flavor,
                                                  **values)
        return common.showing(price, SHOW_FIELDS, SHOW_FORMATTERS)


class UnsetPrice(command.Command):
    """Stop selling flavors (their price history stays)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('flavors', metavar='<flavor>', nargs='+',
                            help=_('Priced flavor(s) to stop selling '
                                   '(name or ID)'))
        return parser

    def take_action(self, parsed_args):
        api = common.client(self.app)
        failures = 0
        for flavor in parsed_args.flavors:
            try:
                api.price_delete(common.find_price(api, flavor)['flavor_id'])
            except exceptions.CommandError as exc:
                failures += 1
                LOG.error(_('Failed to unset the price of %(flavor)s: '
                            '%(error)s'), {'flavor': flavor, 'error': exc})
        if failures:
            raise exceptions.CommandError(
                _('%(failed)s of %(total)s prices failed to unset.')
                % {'failed': failures, 'total': len(parsed_args.flavors)})


class ListPrices(command.Lister):
    """List the prices of flavors."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        common.add_long_option(parser)
        return parser

    def take_action(self, parsed_args):
        fields = LONG_FIELDS if parsed_args.long else PRICE_FIELDS
        return common.listing(common.client(self.app).price_list(), fields,
                              LIST_FORMATTERS)


class ShowPrice(command.ShowOne):
    """Show the price of a flavor, with the history of its changes."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _flavor_argument(parser, _('Priced flavor (name or ID)'))
        return parser

    def take_action(self, parsed_args):
        price = common.find_price(common.client(self.app),
                                  parsed_args.flavor)
        return common.showing(price, SHOW_FIELDS, SHOW_FORMATTERS)


class PreviewPrice(command.ShowOne):
    """Show what a number of hours of a flavor costs a buyer now."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _flavor_argument(parser, _('Priced flavor (name or ID)'))
        parser.add_argument('--hours', metavar='<hours>', type=int,
                            required=True,
                            help=_('Hours of one instance to price'))
        return parser

    def take_action(self, parsed_args):
        if parsed_args.hours < 1:
            raise exceptions.CommandError(_('--hours must be at least 1'))
        api = common.client(self.app)
        flavor_id = common.find_price(api, parsed_args.flavor)['flavor_id']
        return common.showing(api.price_preview(flavor_id,
                                                parsed_args.hours))
