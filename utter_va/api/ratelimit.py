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

"""Rate limiting of unauthenticated requests, per client network.

Requests that Keystone has not accepted (buyers and payment processors,
and any request whose token Keystone refused) are counted per client
network (see :mod:`utter_va.api.client_network`) in a sliding window;
past ``[api] anonymous_rate_limit`` requests in ``[api]
anonymous_rate_period`` seconds the client gets 429 with a
``Retry-After`` header.

A request that carries an ``X-Auth-Token`` counts as authenticated only
once Keystone accepted it (``X-Identity-Status: Confirmed``): it is
counted afterwards unless it was, and a network already over its limit is
refused before its token costs a Keystone validation. A made-up token
therefore buys nothing.

The counts live in a storage of the ``limits`` library, ``[api]
rate_limit_storage_url``: ``memory://`` (the default) counts in this
process only, so N processes would allow N times the limit; with
``redis://...`` (or memcached) every API process and controller shares
one count. In memory the table holds at most ``[api]
anonymous_rate_max_clients`` networks, the least recently seen being
forgotten first; in Redis each count expires with its window.
"""

import collections
import json
import math
import threading
import time

import limits
from limits import storage as limits_storage
from limits import strategies
from oslo_log import log

from utter_va.api import client_network
from utter_va.api import errors
from utter_va.i18n import _

LOG = log.getLogger(__name__)

CONFIRMED = 'Confirmed'


class Limiter:
    """Counts events per key over the last ``period`` seconds.

    ``storage_url`` names a ``limits`` storage; keys are prefixed with
    ``key_prefix`` there. With the memory storage at most ``max_keys``
    keys are kept: a new key makes the least recently used one forgotten.
    """

    def __init__(self, limit, period, storage_url='memory://',
                 key_prefix='utter_va', max_keys=10000):
        self.memory = storage_url.startswith('memory')
        options = {} if self.memory else {'key_prefix': key_prefix}
        self.storage = limits_storage.storage_from_string(storage_url,
                                                          **options)
        self.strategy = strategies.MovingWindowRateLimiter(
            self.storage)
        self.item = limits.RateLimitItemPerSecond(limit, period)
        self.max_keys = max_keys
        self._recent = collections.OrderedDict()
        self._lock = threading.Lock()

    def _track(self, key):
        if not self.memory:
            return
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return
            self._recent[key] = True
            while len(self._recent) > self.max_keys:
                forgotten = self._recent.popitem(last=False)[0]
                self.strategy.clear(self.item, forgotten)

    def _retry_after(self, key):
        reset = self.strategy.get_window_stats(self.item, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def hit(self, key):
        """Count one event; return 0 if allowed, else seconds to wait."""
        self._track(key)
        if self.strategy.hit(self.item, key):
            return 0
        return self._retry_after(key)

    def check(self, key):
        """0 if one more event would be allowed, else seconds to wait."""
        if self.strategy.test(self.item, key):
            return 0
        return self._retry_after(key)

    def keys(self):
        """How many keys the memory storage holds now (for tests)."""
        return len(self.storage.events) if self.memory else None


def limiter(conf):
    """The Limiter configured in ``[api]``, or None when disabled."""
    if conf.api.anonymous_rate_limit <= 0:
        return None
    return Limiter(conf.api.anonymous_rate_limit,
                   conf.api.anonymous_rate_period,
                   conf.api.rate_limit_storage_url,
                   conf.api.rate_limit_key_prefix,
                   conf.api.anonymous_rate_max_clients)


class RateLimitMiddleware:
    """429 for unauthenticated clients that exceed the configured rate.

    It wraps the authentication middleware, so that it sees whether
    Keystone accepted a request's token.
    """

    def __init__(self, application, conf):
        self.application = application
        self.limiter = limiter(conf)

    def __call__(self, environ, start_response):
        if self.limiter is None:
            return self.application(environ, start_response)
        network = client_network.client_network(environ.get('REMOTE_ADDR'))
        if not environ.get('HTTP_X_AUTH_TOKEN'):
            retry_after = self.limiter.hit(network)
            if retry_after:
                return self._refuse(network, retry_after, start_response)
            return self.application(environ, start_response)
        # NOTE: a token proves nothing until Keystone accepted it; an
        # exhausted network is refused before it costs a validation.
        retry_after = self.limiter.check(network)
        if retry_after:
            return self._refuse(network, retry_after, start_response)
        answer = self.application(environ, start_response)
        if environ.get('HTTP_X_IDENTITY_STATUS') != CONFIRMED:
            self.limiter.hit(network)
        return answer

    @staticmethod
    def _refuse(network, retry_after, start_response):
        body = json.dumps(errors.error_body(429, _(
            'Too many requests from %(network)s; retry in %(seconds)d '
            'seconds.') % {'network': network,
                           'seconds': retry_after})).encode()
        start_response('429 Too Many Requests', [
            ('Content-Type', 'application/json'),
            ('Content-Length', str(len(body))),
            ('Retry-After', str(retry_after))])
        return [body]
