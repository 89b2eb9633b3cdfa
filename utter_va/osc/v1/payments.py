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

"""``openstack utter payment list``: the money of one order, both ways.

Payments received for the order and refunds owed back to its buyer, in one
listing; ``Kind`` tells them apart.
"""

from osc_lib.command import command

from utter_va.i18n import _
from utter_va.osc.v1 import common

MSAT_PER_SAT = 1000

PAYMENT_FIELDS = (
    ('kind', 'Kind'),
    ('id', 'ID'),
    ('amount_sats', 'Amount (sats)'),
    ('status', 'Status'),
    ('credited_sats', 'Credited (sats)'),
    ('reason', 'Reason'),
    ('created_at', 'Created At'),
)
PAYMENT_LONG_FIELDS = PAYMENT_FIELDS + (
    ('driver', 'Driver'),
    ('money_key', 'Money Key'),
    ('confirmations', 'Confirmations'),
    ('credited_seconds', 'Credited Seconds'),
)


def _sats(row, key):
    """A row's amount in sats: exact from msat, else the API's sats."""
    msat = row.get(key + '_msat')
    if msat is None:
        return row.get(key + '_sats')
    sats = msat / MSAT_PER_SAT
    return int(sats) if sats.is_integer() else sats


def rows(answer):
    """One row per payment and per refund of a payments answer."""
    result = []
    for kind, key in (('payment', 'payments'), ('refund', 'refunds')):
        for row in answer.get(key) or ():
            result.append(dict(row, kind=kind,
                               amount_sats=_sats(row, 'amount'),
                               credited_sats=_sats(row, 'credited')))
    return result


class ListPayments(command.Lister):
    """List the payments and refunds of an order."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('order', metavar='<order-id>',
                            help=_('Order whose money to list'))
        common.add_long_option(parser)
        return parser

    def take_action(self, parsed_args):
        answer = common.client(self.app).payment_list(parsed_args.order)
        fields = PAYMENT_LONG_FIELDS if parsed_args.long else PAYMENT_FIELDS
        return common.listing(rows(answer), fields)
