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
callback_max_attempts``. Callback URLs are strangers' servers, so:

* deliveries run on a pool of ``[orders] callback_workers`` threads of
  their own, one delivery per order at a time (an order's callbacks leave
  in order), so a slow receiver holds one worker and nothing else;
* each delivery has one deadline, ``[orders] callback_timeout`` seconds
  for everything (connecting, TLS, sending, the status line, headers and
  body), checked before every read, so a server trickling a byte at a
  time is cut off at the deadline;
* at most :data:`MAX_ANSWER_BYTES` of an answer's body are read, then the
  connection is closed;
* the host is resolved once, checked (see
  :mod:`utter_va.common.callback_urls`), and the connection made to the
  address that was checked, with the URL's host name in the Host header,
  the TLS SNI and the certificate check; no proxy from the environment
  applies, and redirects are not followed;
* whatever goes wrong with one delivery is recorded on that delivery.
"""

import concurrent.futures
import datetime
import hashlib
import hmac
import http.client
import io
import socket
import ssl
import time

from oslo_log import log
from oslo_utils import timeutils

from utter_va.common import callback_urls
from utter_va import conf
from utter_va.db import outbox as db_outbox

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: Deliveries one call of send_due() claims, at most.
BATCH = 50
MAX_DELAY = 3600
#: Bytes of an answer's body read, at most, before closing.
MAX_ANSWER_BYTES = 4096

UnsafeURL = callback_urls.UnsafeURL
check_url = callback_urls.check_url


def signature(token_hash, body):
    """The X-Utter-Va-Signature value of ``body`` (str)."""
    digest = hmac.new(token_hash.encode(), body.encode(), hashlib.sha256)
    return 'sha256=' + digest.hexdigest()


def _retry_at(attempts):
    delay = min(MAX_DELAY, 2 ** attempts)
    return timeutils.utcnow() + datetime.timedelta(seconds=delay)


class DeadlinePassed(socket.timeout):
    """A delivery's deadline passed before its answer was read."""


def _left(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlinePassed('deadline passed')
    return left


class _DeadlineReader(io.RawIOBase):
    """A socket's reads, each one bounded by what is left of a deadline."""

    def __init__(self, sock, deadline):
        super().__init__()
        self.sock = sock
        self.deadline = deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        self.sock.settimeout(_left(self.deadline))
        return self.sock.recv_into(buffer)


class _DeadlineSocket:
    """The socket http.client is given: sends and reads share a deadline."""

    def __init__(self, sock, deadline):
        self.sock = sock
        self.deadline = deadline

    def sendall(self, data):
        self.sock.settimeout(_left(self.deadline))
        self.sock.sendall(data)

    def makefile(self, mode='rb', *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self.sock, self.deadline))

    def close(self):
        # NOTE: http.client closes its connection as soon as it has read
        # the headers of an answer that ends with the connection, while
        # the body is still to be read: the sender closes the socket.
        pass


class CallbackSender:
    """Sends due callback deliveries on a thread pool of its own."""

    def __init__(self, ssl_context=None):
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.workers = CONF.orders.callback_workers
        self.pool = concurrent.futures.ThreadPoolExecutor(
            self.workers, thread_name_prefix='utter-va-callback')

    def close(self):
        """Let the pool's threads end once their deliveries are done."""
        self.pool.shutdown(wait=False)

    def send_due(self):
        """Send what is due; return how many deliveries were delivered.

        Keeps every worker busy while deliveries are due (up to
        :data:`BATCH` claims), and returns when the last one sent ended.
        """
        timeout = CONF.orders.callback_timeout
        running = {}
        claims = delivered = 0
        while True:
            free = min(self.workers - len(running), BATCH - claims)
            if free > 0:
                busy = {d['order_id'] for d in running.values()}
                try:
                    claimed = db_outbox.callbacks_claim(
                        free, timeout * 2 + 5,
                        CONF.orders.callback_max_attempts, busy)
                except Exception:
                    LOG.exception('Callbacks could not be claimed')
                    claims, claimed = BATCH, []
                claims += len(claimed)
                for delivery in claimed:
                    running[self.pool.submit(
                        self._send, delivery, timeout)] = delivery
            if not running:
                return delivered
            done, _ = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                delivery = running.pop(future)
                try:
                    delivered += self._record(delivery, future.result())
                except Exception:
                    LOG.exception('Outcome of callback %s of order %s not '
                                  'recorded', delivery['id'],
                                  delivery['order_id'])

    def _record(self, delivery, error):
        if error is None:
            db_outbox.callback_done(delivery['id'])
            return 1
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
        return 0

    def _send(self, delivery, timeout):
        """POST one delivery; return None if delivered, else the error."""
        deadline = time.monotonic() + timeout
        try:
            target = callback_urls.check_url(delivery['url'])
            status = self._post(target, deadline, delivery)
        except callback_urls.Unresolvable as exc:
            return '%s' % exc
        except callback_urls.UnsafeURL as exc:
            return 'refused: %s' % exc
        except TimeoutError:
            return 'no answer within %ds' % timeout
        except (OSError, http.client.HTTPException) as exc:
            return '%s: %s' % (type(exc).__name__, exc)
        except Exception as exc:
            LOG.exception('Callback %s failed unexpectedly', delivery['id'])
            return type(exc).__name__
        if 200 <= status < 300:
            return None
        return 'HTTP %d' % status

    def _connect(self, target, deadline):
        error = None
        for family, sockaddr in target.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(_left(deadline))
                sock.connect(sockaddr)
            except DeadlinePassed:
                sock.close()
                raise
            except OSError as exc:
                sock.close()
                error = exc
                continue
            if target.scheme != 'https':
                return sock
            try:
                tls = self.ssl_context.wrap_socket(
                    sock, server_hostname=target.hostname,
                    do_handshake_on_connect=False)
                tls.settimeout(_left(deadline))
                tls.do_handshake()
            except BaseException:
                sock.close()
                raise
            return tls
        raise error or OSError('no address to connect to')

    def _post(self, target, deadline, delivery):
        sock = self._connect(target, deadline)
        connection = http.client.HTTPConnection(target.hostname, target.port)
        connection.sock = _DeadlineSocket(sock, deadline)
        try:
            connection.request('POST', target.path,
                               body=delivery['body'].encode(), headers={
                                   'Host': target.host_header,
                                   'Content-Type': 'application/json',
                                   'User-Agent': 'utter-va-engine',
                                   'X-Utter-Va-Event': delivery['event_type'],
                                   'X-Utter-Va-Delivery': str(delivery['id']),
                                   'X-Utter-Va-Signature': signature(
                                       delivery['token_hash'],
                                       delivery['body'])})
            response = connection.getresponse()
            response.read(MAX_ANSWER_BYTES)
            return response.status
        finally:
            connection.close()
            sock.close()
