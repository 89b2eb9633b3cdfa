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

"""``openstack utter order ...``: the buyers' orders, as the operator sees
them, and the operator's actions on them."""

import logging
import urllib.parse

from osc_lib.command import command
from osc_lib import exceptions

from utter_va.i18n import _
from utter_va.orders import states
from utter_va.osc.v1 import common
from utter_va.osc.v1 import order_columns

LOG = logging.getLogger(__name__)

STATES = states.ALL

ORDER_FIELDS = (
    ('id', 'ID'),
    ('state', 'State'),
    ('flavor', 'Flavor'),
    ('image', 'Image'),
    ('sats_per_hour', 'Sats per Hour'),
    ('paid_until', 'Paid Until'),
    ('created_at', 'Created At'),
)
ORDER_LONG_FIELDS = ORDER_FIELDS + (
    ('flavor_id', 'Flavor ID'),
    ('paid_sats', 'Paid (sats)'),
    ('server_id', 'Server ID'),
    ('client_network', 'Client Network'),
    ('close_reason', 'Close Reason'),
    ('updated_at', 'Updated At'),
)


SHOW_FORMATTERS = {
    'transitions': order_columns.TransitionsColumn,
    'payment_requests': order_columns.PaymentRequestsColumn,
    'refunds': order_columns.RefundsColumn,
    'server': order_columns.ServerColumn,
}


def next_marker(link):
    """The marker of the next page from the API's ``next`` (id or link)."""
    if not link:
        return None
    query = urllib.parse.urlparse(link).query
    if not query:
        return link
    return urllib.parse.parse_qs(query).get('marker', [None])[0]


class ListOrders(command.Lister):
    """List orders, newest first; every page unless --limit is given."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--state', metavar='<state>', choices=STATES,
                            help=_('Only orders in this state (one of: %s)')
                            % ', '.join(STATES))
        parser.add_argument('--flavor', metavar='<flavor>',
                            help=_('Only orders of this flavor (name or ID)'))
        parser.add_argument('--limit', metavar='<limit>', type=int,
                            help=_('The most orders to list (one page)'))
        parser.add_argument('--marker', metavar='<order-id>',
                            help=_('List the orders after this one'))
        common.add_long_option(parser)
        return parser

    def take_action(self, parsed_args):
        if parsed_args.limit is not None and parsed_args.limit < 1:
            raise exceptions.CommandError(_('--limit must be at least 1'))
        api = common.client(self.app)
        orders, marker = [], parsed_args.marker
        while True:
            page, link = api.order_list(
                state=parsed_args.state, flavor=parsed_args.flavor,
                limit=parsed_args.limit, marker=marker)
            orders.extend(page)
            marker = next_marker(link)
            if parsed_args.limit is not None or not marker or not page:
                break
        fields = ORDER_LONG_FIELDS if parsed_args.long else ORDER_FIELDS
        return common.listing(orders, fields)


class ShowOrder(command.ShowOne):
    """Show an order, as the operator sees it."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('order', metavar='<order-id>',
                            help=_('Order to show'))
        return parser

    def take_action(self, parsed_args):
        order = common.client(self.app).order_get(parsed_args.order)
        return common.showing(order, formatters=SHOW_FORMATTERS)


class _OrderAction(command.Command):
    """An action on one or more orders; reports each failure."""

    #: Client method, and the verb of the error messages.
    method = None
    verb = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('orders', metavar='<order-id>', nargs='+',
                            help=_('Order(s) to %s') % self.verb)
        return parser

    def take_action(self, parsed_args):
        action = getattr(common.client(self.app), self.method)
        failures = 0
        for order_id in parsed_args.orders:
            try:
                action(order_id)
            except exceptions.CommandError as exc:
                failures += 1
                LOG.error(_('Failed to %(verb)s order %(order)s: '
                            '%(error)s'),
                          {'verb': self.verb, 'order': order_id,
                           'error': exc})
        if failures:
            raise exceptions.CommandError(
                _('%(failed)s of %(total)s orders failed to %(verb)s.')
                % {'failed': failures, 'total': len(parsed_args.orders),
                   'verb': self.verb})


class CancelOrder(_OrderAction):
    """Cancel orders: release their capacity and delete their servers."""

    method = 'order_cancel'
    verb = 'cancel'


class TerminateOrder(_OrderAction):
    """Terminate orders: delete their servers now and close them."""

    method = 'order_terminate'
    verb = 'terminate'
