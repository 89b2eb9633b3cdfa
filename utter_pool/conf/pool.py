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

"""Options of the marketplace itself ([pool] group)."""

from oslo_config import cfg

GROUP = cfg.OptGroup('pool', title='Marketplace options',
                     help='What the pool accepts, shows and limits.')

OPTS = [
    cfg.IntOpt('freshness_window', default=180, min=1,
               help='Seconds after which the offers of a cloud whose last '
                    'accepted offers document is older vanish from '
                    'search.'),
    cfg.IntOpt('reliability_window', default=30, min=1,
               help='Days of order events the reliability figures of a '
                    'cloud are computed over.'),
    cfg.BoolOpt('auto_approve', default=False,
                help='Approve every cloud that joins, with no operator '
                     'decision. For tests and demos only.'),
    cfg.StrOpt('rate_limit_storage_url', default='memory://',
               help='Storage of the rate limit counts (a URL of the '
                    '"limits" library). memory:// counts per process, so N '
                    'API workers allow N times each limit; redis://... '
                    'shares one count.'),
    cfg.IntOpt('join_rate_limit', default=10, min=0,
               help='Join requests allowed per client address per '
                    'join_rate_period; 0 disables the limit.'),
    cfg.IntOpt('join_rate_period', default=3600, min=1,
               help='Seconds of the join rate limit window.'),
    cfg.IntOpt('publish_rate_limit', default=120, min=0,
               help='Documents accepted for verification per cloud per '
                    'publish_rate_period; 0 disables the limit.'),
    cfg.IntOpt('publish_rate_period', default=60, min=1,
               help='Seconds of the publish rate limit window.'),
    cfg.IntOpt('search_rate_limit', default=600, min=0,
               help='Reads (search, offers, clouds, documents, feed) '
                    'allowed per client address per search_rate_period; '
                    '0 disables the limit.'),
    cfg.IntOpt('search_rate_period', default=60, min=1,
               help='Seconds of the search rate limit window.'),
]


def register_opts(conf):
    conf.register_group(GROUP)
    conf.register_opts(OPTS, group=GROUP)


def list_opts():
    return {GROUP: OPTS}
