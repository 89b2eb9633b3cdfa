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

"""Options of the utter-pool marketplace driver ([pool] group)."""

from oslo_config import cfg

pool_group = cfg.OptGroup(
    'pool',
    title='utter-pool options',
    help='The utter-pool marketplace this cloud joins, and what it tells '
         'it about itself (the "pool" driver of [marketplace]).')

pool_opts = [
    cfg.URIOpt('url',
               schemes=['http', 'https'],
               help='The pool\'s base URL, e.g. https://pool.example.org. '
                    'utter-va-manage pool join <url> uses its argument '
                    'instead, when given.'),
    cfg.StrOpt('key_file',
               default='/etc/utter-va/pool.key',
               help='The Ed25519 private key that is this cloud\'s '
                    'identity at the pool (PKCS#8 PEM). utter-va-manage '
                    'pool join creates it, mode 0600; nothing reads a key '
                    'file others may read. It is never sent anywhere: the '
                    'pool only ever sees the public key and signatures.'),
    cfg.StrOpt('name',
               help='The cloud\'s name buyers see on the pool (default: '
                    'the host name).'),
    cfg.StrOpt('description',
               default='',
               help='A description of the cloud buyers see on the pool '
                    '(at most 2000 characters).'),
    cfg.StrOpt('region',
               default='',
               help='Where the cloud is, in words (e.g. eu-west, Paris).'),
    cfg.StrOpt('country',
               regex='^[A-Z]{2}$',
               help='The ISO 3166-1 alpha-2 code of the cloud\'s country '
                    '(e.g. FR). Required to join.'),
    cfg.FloatOpt('latitude',
                 min=-90.0,
                 max=90.0,
                 help='The cloud\'s latitude, optional.'),
    cfg.FloatOpt('longitude',
                 min=-180.0,
                 max=180.0,
                 help='The cloud\'s longitude, optional.'),
    cfg.URIOpt('storefront_url',
               schemes=['http', 'https'],
               help='The URL of this cloud\'s storefront, where the pool '
                    'sends buyers to buy. Default: the public_url of '
                    '[api] followed by /store/.'),
    cfg.IntOpt('heartbeat_interval',
               default=60,
               min=5,
               help='Seconds between two offers documents when nothing '
                    'changed: a pool forgets offers that are not re-sent '
                    'within its freshness window.'),
    cfg.IntOpt('offers_lifetime',
               default=300,
               min=30,
               max=86400,
               help='Seconds an offers document says it is valid for (its '
                    'expires_at). Keep it above heartbeat_interval.'),
    cfg.IntOpt('change_check_interval',
               default=5,
               min=1,
               help='Seconds between two looks at the offers (prices, '
                    'capacity) for a change to publish at once, besides '
                    'the changes the engine itself signals.'),
    cfg.FloatOpt('timeout',
                 default=10.0,
                 min=0.5,
                 help='Seconds to wait for the pool to connect and to '
                      'answer, per request.'),
    cfg.IntOpt('max_backoff',
               default=300,
               min=1,
               help='The longest wait, in seconds, before trying again '
                    'after the pool failed or refused: waits double from '
                    '2 seconds up to it.'),
]


def register_opts(conf):
    conf.register_group(pool_group)
    conf.register_opts(pool_opts, group=pool_group)


def list_opts():
    return {pool_group: pool_opts}
