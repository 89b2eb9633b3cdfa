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

"""The ``pool`` marketplace driver: signed documents to an utter-pool.

On a thread of its own (never the engine's order work, never under an
order's lock or inside an order's transaction) it:

* publishes one signed ``offers`` document of everything sold now when
  the offers changed (the engine's hints, and a look every ``[pool]
  change_check_interval`` seconds) and as a heartbeat every ``[pool]
  heartbeat_interval`` seconds, with a sequence number that only grows
  and an ``expires_at`` of ``[pool] offers_lifetime`` seconds;
* reports order changes as signed ``events`` documents, read from the
  transition log after a cursor kept in the database (so a restarted
  engine neither loses nor repeats them). An events document's sequence
  is the id of its last transition, so the same changes sent twice (the
  engine stopped between sending and recording) carry the same sequence
  and the pool refuses the copy (409), which is then taken as accepted.

A failure (no answer, a 5xx, a 429, a refusal) is retried after a delay
that doubles from 2 seconds up to ``[pool] max_backoff`` (or the pool's
Retry-After); offers refused as stale (409) wait for the next heartbeat,
which is fresh. A refusal is logged once per change of what the pool
says, and what the pool last accepted or refused is recorded in the
database (:mod:`utter_va.db.marketplace`) for ``GET /v1/marketplace``.
"""

import datetime
import threading
import time

from oslo_log import log
from oslo_utils import timeutils

from utter_protocol import documents
from utter_protocol import signing

from utter_va import conf
from utter_va.db import marketplace as db_marketplace
from utter_va.marketplace import base
from utter_va.marketplace import client as pool_client
from utter_va.marketplace import identity
from utter_va.marketplace import publishing

CONF = conf.CONF
LOG = log.getLogger(__name__)

EVENTS_CURSOR = 'events'
#: Seconds a transition must be old to be reported: a transaction still
#: open when a later one commits must not be stepped over by the cursor.
SETTLE_SECONDS = 2.0
FIRST_DELAY = 2


class _Channel:
    """When to next send one kind of document, and how it last went."""

    def __init__(self, kind):
        self.kind = kind
        self.next_at = 0.0
        self.failures = 0
        self.last_error = None
        self.logged = None

    def due(self, now):
        return now >= self.next_at

    def succeeded(self, next_at):
        self.failures = 0
        self.last_error = None
        self.logged = None
        self.next_at = next_at

    def failed(self, now, error, retry_after=None):
        self.failures += 1
        delay = min(CONF.pool.max_backoff,
                    FIRST_DELAY ** min(self.failures, 30))
        if retry_after is not None:
            delay = max(delay, retry_after)
        self.last_error = error
        self.next_at = now + delay
        return delay

    def view(self, now):
        return {'failures': self.failures, 'last_error': self.last_error,
                'next_attempt_in': max(0.0, round(self.next_at - now, 1))}


class PoolDriver(base.MarketplaceDriver):
    """Publishes to the pool of ``[pool] url`` (or the one joined)."""

    name = 'pool'

    def __init__(self):
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = None
        self.sequence = publishing.Sequence()
        self.offers = _Channel(documents.OFFERS)
        self.events = _Channel(documents.EVENTS)
        self._offers_digest = None
        self._offers_sent_at = None
        self._key = None
        self._cloud = None

    # The engine's side: none of these waits for the pool.

    def start(self):
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='marketplace-pool')
        self._thread.start()
        LOG.info('Publishing offers and order events to the pool %s',
                 self.pool_url() or '(no [pool] url yet)')

    def stop(self):
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(CONF.pool.timeout + 2)
            self._thread = None

    def offers_changed(self):
        if not self.offers.failures:
            self.offers.next_at = 0.0
        self._wake.set()

    def order_changed(self):
        if not self.events.failures:
            self.events.next_at = 0.0
        self._wake.set()

    def status(self):
        now = time.monotonic()
        return {'driver': self.name, 'pool_url': self.pool_url(),
                'cloud': self._cloud,
                'running': bool(self._thread and self._thread.is_alive()),
                'offers': self.offers.view(now),
                'events': self.events.view(now)}

    # The driver's own thread.

    def _run(self):
        while not self._stopping.is_set():
            try:
                wait = self.run_once()
            except Exception:
                LOG.exception('Marketplace delivery failed; trying again '
                              'in %ss', CONF.pool.max_backoff)
                wait = CONF.pool.max_backoff
            self._wake.wait(max(0.01, wait))
            self._wake.clear()

    def pool_url(self):
        """The pool's URL: ``[pool] url``, else the one joined."""
        if CONF.pool.url:
            return CONF.pool.url.rstrip('/')
        try:
            record = db_marketplace.documents().get(documents.JOIN) or {}
        except Exception:
            return None
        return record.get('pool_url')

    def run_once(self):
        """Send what is due; return the seconds until something may be."""
        now = time.monotonic()
        check = CONF.pool.change_check_interval
        url = self.pool_url()
        if url is None or not self._identity():
            if url is None:
                self._log_once(self.offers, 'no pool', LOG.error,
                               'No [pool] url, and no pool joined: '
                               'nothing is published')
            return CONF.pool.max_backoff
        pool = pool_client.get(url)
        if self.offers.due(now):
            self._publish_offers(pool, now)
        if self.events.due(now):
            self._report_events(pool, now)
        return max(0.0, min(self.offers.next_at, self.events.next_at,
                            now + check) - time.monotonic())

    def _identity(self):
        if self._key is None:
            try:
                key = identity.load_key()
            except identity.KeyFileError as exc:
                self._log_once(self.offers, str(exc), LOG.error,
                               'Cannot publish to the pool: %s', exc)
                return False
            self._key = key
            self._cloud = identity.cloud_id(key)
        return True

    @staticmethod
    def _log_once(channel, what, logger, message, *args):
        if channel.logged != what:
            channel.logged = what
            logger(message, *args)

    def _publish_offers(self, pool, now):
        items = publishing.current_offers()
        digest = signing.digest(items)
        heartbeat = CONF.pool.heartbeat_interval
        if (digest == self._offers_digest and
                self._offers_sent_at is not None and
                now - self._offers_sent_at < heartbeat):
            self.offers.next_at = self._offers_sent_at + heartbeat
            return
        sequence = self.sequence.next()
        envelope = publishing.offers_document(self._key, self._cloud,
                                              sequence, items)
        if self._send(pool, self.offers, envelope, now, stale_ok=False):
            self._offers_digest = digest
            self._offers_sent_at = now
            self.offers.next_at = now + heartbeat

    def _report_events(self, pool, now):
        check = CONF.pool.change_check_interval
        cursor = db_marketplace.cursor_get(EVENTS_CURSOR)
        if cursor is None:
            # NOTE: a cloud reports what happens from when its engine
            # first publishes, not its whole history.
            cursor = db_marketplace.last_transition_id()
            db_marketplace.cursor_advance(EVENTS_CURSOR, cursor)
        cursor = int(cursor)
        before = timeutils.utcnow() - datetime.timedelta(
            seconds=SETTLE_SECONDS)
        changes = db_marketplace.transitions_after(
            cursor, publishing.REPORTED, before, documents.MAX_EVENTS)
        if len(changes) < documents.MAX_EVENTS:
            upto = db_marketplace.last_change_before(cursor, before) or cursor
        else:
            upto = changes[-1]['id']
        news = [c for c in changes if publishing.reportable(c)]
        if news:
            envelope = publishing.events_document(
                self._key, self._cloud, news[-1]['id'], news)
            if not self._send(pool, self.events, envelope, now,
                              stale_ok=True):
                return
        if upto > cursor:
            db_marketplace.cursor_advance(EVENTS_CURSOR, upto)
        self.events.next_at = now + (
            0 if len(changes) == documents.MAX_EVENTS else check)

    def _send(self, pool, channel, envelope, now, stale_ok):
        """POST one document; whether it may be taken as accepted."""
        document = envelope['document']
        kind, sequence = document['kind'], document['sequence']
        url = pool.url
        try:
            _status, answer = pool.publish(envelope)
        except pool_client.PoolError as exc:
            return self._refused(channel, exc, document, now, stale_ok)
        LOG.debug('The pool accepted %s %d', kind, sequence)
        if channel.failures:
            LOG.info('The pool accepts %s documents again', kind)
        channel.succeeded(channel.next_at)
        db_marketplace.document_accepted(
            kind, self._cloud, url, sequence,
            answer.get('document') or signing.digest(document))
        return True

    def _refused(self, channel, exc, document, now, stale_ok):
        kind, sequence = document['kind'], document['sequence']
        error = '%s %s' % (exc.status or 'no answer', exc.reason)
        db_marketplace.document_failed(kind, self._cloud, exc.url, error)
        if exc.status == 409:
            if stale_ok:
                LOG.info('The pool already has %s %d (409 %s): taken as '
                         'accepted', kind, sequence, exc.reason)
                channel.succeeded(channel.next_at)
                return True
            LOG.warning('The pool refused %s %d as stale (%s); the next '
                        'heartbeat sends a fresh one', kind, sequence,
                        exc.reason)
            channel.last_error = error
            self._offers_sent_at = now
            channel.next_at = now + CONF.pool.heartbeat_interval
            return False
        delay = channel.failed(now, error, exc.retry_after)
        if exc.status == 403:
            # NOTE: the key may have been rotated under this engine.
            self._key = None
            self._log_once(channel, ('refused', exc.reason), LOG.error,
                           'The pool %s refuses this cloud\'s %s '
                           'documents (403 %s): is the cloud approved? '
                           'Retrying every %ss at most', exc.url, kind,
                           exc.reason, CONF.pool.max_backoff)
        else:
            self._log_once(channel, (exc.status, exc.reason), LOG.warning,
                           'The pool did not take %s %d (%s); trying '
                           'again in %ss', kind, sequence, error, delay)
        return False
