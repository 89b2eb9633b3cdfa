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

"""Rate limits of the pool: joins and reads per client address, documents
per cloud.

Counts live in a storage of the ``limits`` library (``[pool]
rate_limit_storage_url``): ``memory://`` counts per process; a shared
storage (Redis, memcached) gives N API workers one count.
"""

import math
import time

import limits
from limits import storage as limits_storage
from limits import strategies

from utter_pool import exception


class Limiter:
    """At most ``limit`` hits per key in a moving window of ``period`` s."""

    def __init__(self, name, limit, period, storage):
        self.name = name
        self.strategy = strategies.MovingWindowRateLimiter(storage)
        self.item = limits.RateLimitItemPerSecond(limit, period)

    def hit(self, key):
        """Count one hit of ``key``; TooManyRequests if over the limit."""
        key = '%s:%s' % (self.name, key)
        if self.strategy.hit(self.item, key):
            return
        reset = self.strategy.get_window_stats(self.item, key).reset_time
        raise exception.TooManyRequests(max(1, math.ceil(reset -
                                                         time.time())))


class Limiters:
    """The three limiters of one API process, built once from ``[pool]``.

    A limit of 0 disables its limiter (it is None).
    """

    def __init__(self, conf):
        options = conf.pool
        url = options.rate_limit_storage_url
        storage = limits_storage.storage_from_string(
            url, **({} if url.startswith('memory') else
                    {'key_prefix': 'utter_pool'}))
        self.join = self._make('join', options.join_rate_limit,
                               options.join_rate_period, storage)
        self.publish = self._make('publish', options.publish_rate_limit,
                                  options.publish_rate_period, storage)
        self.search = self._make('search', options.search_rate_limit,
                                 options.search_rate_period, storage)

    @staticmethod
    def _make(name, limit, period, storage):
        return Limiter(name, limit, period, storage) if limit > 0 else None

    @staticmethod
    def hit(limiter, key):
        """Count a hit on ``limiter`` unless it is disabled."""
        if limiter is not None:
            limiter.hit(key)
