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

"""Options of the BTCPay Server payment driver ([payment_btcpay] group)."""

from oslo_config import cfg

btcpay_group = cfg.OptGroup(
    'payment_btcpay',
    title='BTCPay Server payment driver',
    help='The btcpay payment driver: invoices in a BTCPay Server store, '
         'through its Greenfield API, with signed webhooks.')

btcpay_opts = [
    cfg.URIOpt('url',
               schemes=['http', 'https'],
               help='Base URL of the BTCPay Server, e.g. '
                    'https://btcpay.example. Plain http is refused unless '
                    'the host is loopback or allow_insecure_http is set.'),
    cfg.BoolOpt('allow_insecure_http',
                default=False,
                help='Allow a plain http url to a host that is not '
                     'loopback, although the API key then travels in '
                     'clear (for a node on a network the operator '
                     'trusts). Off, such a url is refused when the driver '
                     'is first used and when the engine starts. See also '
                     '[payment] allow_insecure_http.'),
    cfg.StrOpt('store_id',
               help='The store whose invoices utter-va creates.'),
    cfg.StrOpt('api_key',
               secret=True,
               help='A Greenfield API key limited to this store, with the '
                    'permissions btcpay.store.cancreateinvoice and '
                    'btcpay.store.canviewinvoices only.'),
    cfg.StrOpt('webhook_secret',
               secret=True,
               help='The secret of the store\'s webhook that points at '
                    '/v1/webhooks/btcpay; deliveries whose BTCPay-Sig does '
                    'not match it are refused.'),
    cfg.FloatOpt('timeout',
                 default=10.0,
                 min=0.1,
                 help='Seconds before a call to BTCPay Server fails.'),
    cfg.StrOpt('speed_policy',
               default='MediumSpeed',
               choices=['HighSpeed', 'MediumSpeed', 'LowMediumSpeed',
                        'LowSpeed'],
               help='How many confirmations BTCPay waits for before it '
                    'calls an on-chain payment settled (0, 1, 2 or 6); '
                    'only settled payments are credited.'),
]


def register_opts(conf):
    conf.register_group(btcpay_group)
    conf.register_opts(btcpay_opts, group=btcpay_group)


def list_opts():
    return {btcpay_group: btcpay_opts}
