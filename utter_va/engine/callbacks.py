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

"""Delivery of order changes to the buyers' callback URLs.

Each queued delivery is POSTed as JSON with these headers:

* ``X-Utter-Va-Event``: the event type (``order.active``, ...);
* ``X-Utter-Va-Delivery``: the delivery's id (the same on every retry);
* ``X-Utter-Va-Signature``: ``sha256=`` and the hex HMAC-SHA256 of the
  body, keyed with the hex SHA-256 digest of the order token, which only
  the buyer (and utter-va) can compute.

A 2xx answer delivers it; anything else is retried with a delay that
doubles from 2 seconds up to an hour, until ``[orders]
callback_max_attempts``. Deliveries run on their own timer, so a slow or
dead callback URL never holds the lifecycle up. Redirects are not
followed, and URLs that resolve to loopback, private, link-local or
reserved addresses are refused (unless ``[orders] callback_allow_private``)
so that a buyer cannot aim the engine at the cloud's internal services.
"""

import datetime
import hashlib
import hmac
import ipaddress
import socket
import urllib.parse

from oslo_log import log
from oslo_utils import timeutils
import requests

from utter_va import conf
from utter_va.db import outbox as db_outbox

CONF = conf.CONF
LOG = log.getLogger(__name__)

BATCH = 20
MAX_DELAY = 3600


def signature(token_hash, body):
    """The X-Utter-Va-Signature value of ``body`` (str)."""
    digest = hmac.new(token_hash.encode(), body.encode(), hashlib.sha256)
    return 'sha256=' + digest.hexdigest()


class UnsafeURL(Exception):
    """A callback URL this engine refuses to call."""


def check_url(url):
    """Raise UnsafeURL unless ``url`` is http(s) to a public address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise UnsafeURL('not an http(s) URL')
    if CONF.orders.callback_allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443,
                                   proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise UnsafeURL('cannot resolve %s: %s' % (parts.hostname, exc))
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeURL('%s resolves to %s, which is not public'
                            % (parts.hostname, address))


def _retry_at(attempts):
    delay = min(MAX_DELAY, 2 ** attempts)
    return timeutils.utcnow() + datetime.timedelta(seconds=delay)


class CallbackSender:
    """Sends due callback deliveries; one HTTP session per engine."""

    def __init__(self, session=None):
        self.session = session or requests.Session()

    def send_due(self):
        """Send every due delivery once; return how many were delivered."""
        timeout = CONF.orders.callback_timeout
        delivered = 0
        for delivery in db_outbox.callbacks_claim(BATCH, timeout * 2 + 5):
            error = self._send(delivery, timeout)
            if error is None:
                delivered += 1
                db_outbox.callback_done(delivery['id'])
                continue
            # NOTE: a refused URL will not become acceptable by waiting.
            last = (error.startswith('refused') or
                    delivery['attempts'] >= CONF.orders.callback_max_attempts)
            LOG.warning('Callback %s of order %s (%s), attempt %d: %s%s',
                        delivery['id'], delivery['order_id'],
                        delivery['event_type'], delivery['attempts'], error,
                        '; abandoned' if last else '')
            db_outbox.callback_done(
                delivery['id'], error=error,
                retry_at=None if last else _retry_at(delivery['attempts']))
        return delivered

    def _send(self, delivery, timeout):
        try:
            check_url(delivery['url'])
            response = self.session.post(
                delivery['url'], data=delivery['body'].encode(),
                timeout=timeout, allow_redirects=False, headers={
                    'Content-Type': 'application/json',
                    'User-Agent': 'utter-va-engine',
                    'X-Utter-Va-Event': delivery['event_type'],
                    'X-Utter-Va-Delivery': str(delivery['id']),
                    'X-Utter-Va-Signature': signature(
                        delivery['token_hash'], delivery['body'])})
        except UnsafeURL as exc:
            return 'refused: %s' % exc
        except requests.RequestException as exc:
            return '%s' % type(exc).__name__
        if 200 <= response.status_code < 300:
            return None
        return 'HTTP %d' % response.status_code
