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

"""Options of the LND payment driver ([payment_lnd] group)."""

from oslo_config import cfg

lnd_group = cfg.OptGroup(
    'payment_lnd',
    title='LND payment driver',
    help='The lnd payment driver: Lightning invoices through the REST API '
         'of the operator\'s LND node.')

lnd_opts = [
    cfg.URIOpt('url',
               schemes=['http', 'https'],
               help='Base URL of LND\'s REST API, e.g. '
                    'https://127.0.0.1:8080. Plain http (LND\'s '
                    'no-rest-tls) is refused unless the host is loopback '
                    'or allow_insecure_http is set.'),
    cfg.BoolOpt('allow_insecure_http',
                default=False,
                help='Allow a plain http url to a host that is not '
                     'loopback, although the macaroon then travels in '
                     'clear (for a node on a network the operator '
                     'trusts). Off, such a url is refused when the driver '
                     'is first used and when the engine starts. See also '
                     '[payment] allow_insecure_http.'),
    cfg.StrOpt('tls_cert',
               help='Path of the node\'s tls.cert: the only certificate the '
                    'driver trusts for that node.'),
    cfg.StrOpt('macaroon',
               secret=True,
               help='The invoice macaroon, hex encoded (xxd -p -c 1000 '
                    'invoice.macaroon): it can create and read invoices '
                    'and nothing else.'),
    cfg.FloatOpt('timeout',
                 default=10.0,
                 min=0.1,
                 help='Seconds before a call to LND fails.'),
]


def register_opts(conf):
    conf.register_group(lnd_group)
    conf.register_opts(lnd_opts, group=lnd_group)


def list_opts():
    return {lnd_group: lnd_opts}
