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

"""Rate limiting of anonymous requests, per client network.

Anonymous requests (buyers and payment processors: no ``X-Auth-Token``) are
counted per client network (see :mod:`utter_va.api.client_network`) in a
sliding window; past ``[api] anonymous_rate_limit`` requests in
``[api] anonymous_rate_period`` seconds the client gets 429 with a
``Retry-After`` header. Operators, who authenticate, are not limited here.

The counters live in the memory of each API process: with N processes a
client may make up to N times the limit. Put a shared limiter in front (the
load balancer) where that matters.
"""

import collections
import json
import math
import threading
import time

from utter_va.api import client_network
from utter_va.api import errors


class SlidingWindow:
    """Counts events per key over the last ``period`` seconds."""

    def __init__(self, limit, period, clock=time.monotonic):
        self.limit = limit
        self.period = period
        self.clock = clock
        self._events = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def hit(self, key):
        """Count one event; return 0 if allowed, else seconds to wait."""
        now = self.clock()
        with self._lock:
            self._sweep(now)
            events = self._events[key]
            while events and events[0] <= now - self.period:
                events.popleft()
            if len(events) >= self.limit:
                return max(1, math.ceil(events[0] + self.period - now))
            events.append(now)
            return 0

    def _sweep(self, now):
        # NOTE: forget idle keys now and then, so that a scan from many
        # addresses cannot grow the table without bound.
        if now - self._last_sweep < self.period:
            return
        self._last_sweep = now
        for key in [k for k, v in self._events.items()
                    if not v or v[-1] <= now - self.period]:
            del self._events[key]


class RateLimitMiddleware:
    """429 for anonymous clients that exceed the configured rate."""

    def __init__(self, application, conf):
        self.application = application
        self.window = None
        if conf.api.anonymous_rate_limit > 0:
            self.window = SlidingWindow(conf.api.anonymous_rate_limit,
                                        conf.api.anonymous_rate_period)

    def __call__(self, environ, start_response):
        if self.window is None or environ.get('HTTP_X_AUTH_TOKEN'):
            return self.application(environ, start_response)
        network = client_network.client_network(environ.get('REMOTE_ADDR'))
        retry_after = self.window.hit(network)
        if not retry_after:
            return self.application(environ, start_response)
        body = json.dumps(errors.error_body(
            429, 'Too many requests from %s; retry in %d seconds.' %
            (network, retry_after))).encode()
        start_response('429 Too Many Requests', [
            ('Content-Type', 'application/json'),
            ('Content-Length', str(len(body))),
            ('Retry-After', str(retry_after))])
        return [body]
