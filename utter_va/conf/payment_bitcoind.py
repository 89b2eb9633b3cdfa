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

"""Options of the Bitcoin Core payment driver ([payment_bitcoind] group)."""

from oslo_config import cfg

bitcoind_group = cfg.OptGroup(
    'payment_bitcoind',
    title='Bitcoin Core payment driver',
    help='The bitcoind payment driver: on-chain payments to a watch-only '
         'descriptor wallet of the operator\'s Bitcoin Core node, found by '
         'polling its JSON-RPC interface.')

bitcoind_opts = [
    cfg.URIOpt('url',
               schemes=['http', 'https'],
               help='JSON-RPC URL of the node, e.g. http://127.0.0.1:8332. '
                    'Bitcoin Core serves plain http: a node on another '
                    'host is reached through a TLS proxy (https), or with '
                    'allow_insecure_http set.'),
    cfg.BoolOpt('allow_insecure_http',
                default=False,
                help='Allow a plain http url to a host that is not '
                     'loopback, although the RPC password then travels in '
                     'clear (for a node on a network the operator '
                     'trusts). Off, such a url is refused when the driver '
                     'is first used and when the engine starts. See also '
                     '[payment] allow_insecure_http.'),
    cfg.StrOpt('wallet',
               default='utter-va',
               help='The watch-only descriptor wallet, made from a wpkh() '
                    'descriptor of the operator\'s account xpub with '
                    'importdescriptors: it holds no private key.'),
    cfg.StrOpt('rpc_user',
               help='JSON-RPC user (rpcauth).'),
    cfg.StrOpt('rpc_password',
               secret=True,
               help='JSON-RPC password.'),
    cfg.IntOpt('confirmations',
               default=1,
               min=1,
               help='Confirmations a payment needs before it is credited: '
                    'at least one, as a payment that is in no block yet can '
                    'be replaced by another spending the same coins.'),
    cfg.FloatOpt('timeout',
                 default=10.0,
                 min=0.1,
                 help='Seconds before a call to the node fails.'),
]


def register_opts(conf):
    conf.register_group(bitcoind_group)
    conf.register_opts(bitcoind_opts, group=bitcoind_group)


def list_opts():
    return {bitcoind_group: bitcoind_opts}
