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

"""Options of top-ups by LNURL-pay and Lightning address ([lnurl] group)."""

from oslo_config import cfg

lnurl_group = cfg.OptGroup(
    'lnurl',
    title='LNURL-pay options',
    help='Top-ups of any amount from any Lightning wallet: each order an '
         'LNURL-pay link (LUD-06) and a Lightning address (LUD-16), where '
         'the payment driver issues Lightning invoices (lnd).')

lnurl_opts = [
    cfg.BoolOpt('enabled',
                default=True,
                help='Give each order an LNURL-pay link and a Lightning '
                     'address when the payment driver can issue Lightning '
                     'invoices of any amount (the lnd driver). Off, the '
                     'LNURL routes answer an LNURL error and order views '
                     'show null for lnurl and lightning_address.'),
    cfg.IntOpt('invoice_lifetime',
               default=600,
               min=60,
               max=86400,
               help='Seconds an invoice made for an LNURL-pay callback '
                    'stays payable. A wallet pays at once, so this can be '
                    'short; it bounds how long an invoice a stranger had '
                    'made holds one of the order\'s '
                    'max_live_invoices_per_order.'),
    cfg.IntOpt('max_live_invoices_per_order',
               default=5,
               min=1,
               help='How many unpaid, live LNURL invoices one order may '
                    'have at once. Anybody who knows an order\'s LNURL can '
                    'ask for invoices; past this the callback answers an '
                    'LNURL error (HTTP 429) until one expires. They are '
                    'counted apart from [payment] '
                    'max_live_requests_per_order, so they never stop the '
                    'buyer\'s own top-ups; an unpaid one is deleted once '
                    'expired and the node confirms it was not paid.'),
    cfg.IntOpt('min_sendable_msat',
               default=1000,
               min=1,
               help='The least amount, in millisatoshis, an LNURL payment '
                    'may bring (minSendable), raised to the price of one '
                    'second of the order when that is more. 1000 (one '
                    'satoshi) is the least most wallets can send.'),
]


def register_opts(conf):
    conf.register_group(lnurl_group)
    conf.register_opts(lnurl_opts, group=lnurl_group)


def list_opts():
    return {lnurl_group: lnurl_opts}
