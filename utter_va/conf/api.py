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

"""Options of the utter-va API service ([api] group)."""

import ipaddress

from oslo_config import cfg

api_group = cfg.OptGroup(
    'api',
    title='API options',
    help='Options of the utter-va REST API.')


def _ip_network(value):
    """An IP address or network (CIDR), as written."""
    value = value.strip()
    ipaddress.ip_network(value, strict=False)
    return value


api_opts = [
    cfg.HostAddressOpt('host',
                       default='127.0.0.1',
                       help='Address the development server of '
                            'utter-va-api listens on. In production the API '
                            'runs under a WSGI server (uwsgi, Apache '
                            'mod_wsgi) that loads utter_va.wsgi.api and '
                            'ignores this option.'),
    cfg.PortOpt('port',
                default=9870,
                help='TCP port the development server of utter-va-api '
                     'listens on.'),
    cfg.StrOpt('auth_strategy',
               default='keystone',
               choices=[('keystone', 'Operator routes require a Keystone '
                                     'token, checked by keystonemiddleware.'),
                        ('noauth', 'No authentication at all: for tests '
                                   'and local demos only.')],
               help='How the operator routes of the API authenticate '
                    'requests. Buyer and webhook routes never require '
                    'authentication.'),
    cfg.IntOpt('anonymous_rate_limit',
               default=120,
               min=0,
               help='How many requests one client network (an IPv4 /32 or '
                    'an IPv6 /64) may make without a token Keystone '
                    'accepted (a made-up token counts) in '
                    'anonymous_rate_period seconds (per API process with '
                    'the memory:// rate_limit_storage_url, shared by all '
                    'processes with another); past it the API answers '
                    '429. 0 disables the limit.'),
    cfg.IntOpt('anonymous_rate_period',
               default=60,
               min=1,
               help='The window, in seconds, of anonymous_rate_limit.'),
    cfg.URIOpt('public_url',
               schemes=['http', 'https'],
               help='The URL buyers reach this API at, e.g. '
                    'https://sales.example.com. It makes every public URL '
                    'the API and the engine give out: the order URL, the '
                    'Location header, the top-up URL shown in order views '
                    'and written into each server\'s metadata. They never '
                    'come from the request\'s Host header. Required: '
                    'utter-va-api refuses to start without it, unless '
                    'auth_strategy is noauth (a local demo), where '
                    'http://<host>:<port> of this group is used, as the '
                    'engine does when it is unset.'),
    cfg.StrOpt('operator_project_id',
               help='The id of the Keystone project whose readers and '
                    'members operate utter-va: only they (and system-scoped '
                    'tokens, and holders of the admin role) pass the '
                    'policies of the operator routes. Unset, it is the '
                    'project of utter-va\'s own service user of the [nova] '
                    'group, the project that owns the servers utter-va '
                    'sells; the API asks Keystone for its id once per '
                    'process. A reader or member of any other project is '
                    'refused.'),
    cfg.IntOpt('idempotency_key_lifetime',
               default=86400,
               min=60,
               help='Seconds during which an Idempotency-Key sent with a '
                    'POST replays the first answer; after that the key '
                    'may be used again.'),
    cfg.IntOpt('max_unpaid_orders_per_client',
               default=3,
               min=1,
               help='How many unpaid orders (awaiting payment, with a '
                    'payment request not yet expired) one client network '
                    '(an IPv4 /32 or an IPv6 /64) may hold at once; past '
                    'it POST /v1/orders answers 429. Each unpaid order '
                    'holds a unit of capacity, so this keeps one client '
                    'from reserving the cloud without paying.'),
    cfg.FloatOpt('unpaid_share_per_flavor',
                 default=0.5,
                 min=0.0,
                 max=1.0,
                 help='The share of a flavor\'s free units that unpaid '
                      'orders with no payment seen are counted as holding '
                      'together (never the last unit). Past it, the '
                      'oldest of them gives way to a new order: it keeps '
                      'its payment request but no longer holds a unit. '
                      'Unpaid orders never refuse another buyer and never '
                      'move the price.'),
    cfg.ListOpt('trusted_proxies',
                default=[],
                item_type=_ip_network,
                help='Addresses or networks (CIDR) of the reverse proxies '
                     'or load balancers in front of the API. A request '
                     'from one of them is attributed to the right-most '
                     'address of its X-Forwarded-For header that is not '
                     'a trusted proxy; X-Forwarded-For from any other '
                     'peer is ignored, and a hop that is not an IP '
                     'address is answered 400. Rate limits and unpaid '
                     'caps count per client address found so. Empty: '
                     'the peer\'s own address, whatever the headers say.'),
    cfg.StrOpt('rate_limit_storage_url',
               default='memory://',
               help='Where the anonymous rate limit counts, as a URL of '
                    'the limits library: memory:// counts in each API '
                    'process alone (for a single process), '
                    'redis://127.0.0.1:6379 (or redis+sentinel://, '
                    'memcached://) shares one count among all API '
                    'processes and controllers.'),
    cfg.StrOpt('rate_limit_key_prefix',
               default='utter_va',
               help='Prefix of the rate limit\'s keys in a shared '
                    'storage (rate_limit_storage_url), so that several '
                    'deployments may share one Redis.'),
    cfg.IntOpt('anonymous_rate_max_clients',
               default=10000,
               min=1,
               help='With the memory:// storage, how many client networks '
                    'the rate limit remembers at most; past it the least '
                    'recently seen is forgotten, so that requests from '
                    'many addresses cannot grow the process\'s memory '
                    'without bound (each costs at most about 32 bytes '
                    'per request of anonymous_rate_limit).'),
    cfg.IntOpt('idempotency_purge_interval',
               default=3600,
               min=60,
               help='How often, in seconds, utter-va-engine deletes the '
                    'Idempotency-Keys older than idempotency_key_lifetime.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}


def check_public_url(conf):
    """Refuse to start an API that would have no public URL to give out.

    Raises oslo.config's RequiredOptError when ``public_url`` is unset and
    ``auth_strategy`` is not ``noauth``.
    """
    if not conf.api.public_url and conf.api.auth_strategy != 'noauth':
        raise cfg.RequiredOptError('public_url', api_group)


def public_url(conf):
    """The base URL buyers reach the API at, without a trailing slash."""
    if conf.api.public_url:
        return conf.api.public_url.rstrip('/')
    return 'http://%s:%d' % (conf.api.host, conf.api.port)
