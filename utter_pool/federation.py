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

"""Following other pools: read their feeds, verify everything here.

For each pool of ``[federation] follow``, a poll reserves that pool's
cursor (:mod:`utter_pool.db.federation`), reads ``GET <pool>/v1/feed
?since=<cursor>`` and hands every envelope to
:func:`utter_pool.intake.federated`, the same checks as a document sent
to this pool. Only the envelopes are used; the feed's own ``cloud`` and
``kind`` fields, and whatever the followed pool says about a cloud's
status or keys, are not. A refused entry (altered, replayed, of an unknown
cloud...) is logged, changes nothing, and the cursor moves past it: the
feed never changes, so reading it again would refuse it again. A database
error stops the poll before that entry, to be read again next time.
"""

import json
import os
import socket
import time
import uuid

from oslo_db import exception as db_exc
from oslo_log import log
from oslo_utils import timeutils
import requests

from utter_pool.db import federation as db_federation
from utter_pool import exception
from utter_pool import intake
from utter_protocol import documents

LOG = log.getLogger(__name__)

#: Room for a feed line's own fields around its envelope, in bytes.
_LINE_OVERHEAD = 4096


class FeedError(Exception):
    """A followed pool whose feed could not be read."""


def followed(conf):
    """The followed pools' URLs, without a trailing slash, once each."""
    urls = []
    for url in conf.federation.follow:
        url = url.strip().rstrip('/')
        if url and url not in urls:
            urls.append(url)
    return urls


class Follower:
    """Reads the followed pools' feeds into this pool's database."""

    def __init__(self, conf, http=None, holder=None):
        self.conf = conf
        self.http = http or requests.Session()
        self.holder = holder or '%s:%d:%s' % (
            socket.gethostname()[:32], os.getpid(), uuid.uuid4().hex[:8])

    def fetch(self, url, since):
        """The entries of ``url``'s feed after ``since``, as read."""
        limit = self.conf.federation.max_documents_per_poll
        cap = limit * (documents.MAX_BYTES + _LINE_OVERHEAD)
        try:
            response = self.http.get(
                url + '/v1/feed', params={'since': since, 'limit': limit},
                timeout=self.conf.federation.timeout, stream=True)
            with response:
                if response.status_code != 200:
                    raise FeedError('HTTP %d' % response.status_code)
                body = bytearray()
                for chunk in response.iter_content(65536):
                    body.extend(chunk)
                    if len(body) > cap:
                        raise FeedError('the feed page has over %d bytes'
                                        % cap)
        except requests.RequestException as exc:
            raise FeedError(str(exc)[:500])
        return [line for line in bytes(body).splitlines() if line.strip()]

    def take(self, url, line, last):
        """(seq, accepted) of one feed line; FeedError if it has no seq."""
        try:
            entry = json.loads(line)
        except ValueError:
            raise FeedError('a feed line is not JSON')
        seq = entry.get('seq') if isinstance(entry, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool) or seq <= last:
            raise FeedError('a feed line has no seq above %d' % last)
        envelope = entry.get('envelope')
        try:
            if not isinstance(envelope, dict):
                raise exception.Invalid(reason='the entry has no envelope')
            accepted = intake.federated(envelope, self.conf, url)
        except exception.PoolException as exc:
            LOG.warning('Refused entry %d of the feed of %s: %s', seq, url,
                        exc)
            return seq, False
        LOG.debug('Took entry %d of the feed of %s: %s', seq, url, accepted)
        return seq, bool(accepted.get('accepted'))

    def poll(self, url):
        """Read one page of ``url``'s feed; a summary, or None if busy."""
        lease = max(60, 3 * self.conf.federation.timeout)
        last = db_federation.reserve(url, self.holder, timeutils.utcnow(),
                                     lease)
        if last is None:
            LOG.debug('The feed of %s is being read by another follower',
                      url)
            return None
        start, accepted, refused, error = last, 0, 0, None
        try:
            for line in self.fetch(url, last):
                last, taken = self.take(url, line, last)
                accepted += taken
                refused += not taken
        except FeedError as exc:
            error = str(exc)
            LOG.warning('Could not read the feed of %s: %s', url, error)
        except db_exc.DBError as exc:
            error = 'database: %s' % exc
            LOG.exception('Database error on the feed of %s', url)
        finally:
            if not db_federation.release(url, self.holder, last, accepted,
                                         refused, timeutils.utcnow(),
                                         error):
                LOG.warning('The lease on the feed of %s expired', url)
        if last != start:
            LOG.info('Read the feed of %s to %d: %d accepted, %d refused',
                     url, last, accepted, refused)
        return {'url': url, 'since': start, 'last_seq': last,
                'accepted': accepted, 'refused': refused, 'error': error}

    def poll_all(self):
        """One poll of every followed pool; the summaries of those read."""
        return [summary for summary in map(self.poll, followed(self.conf))
                if summary is not None]

    def run(self, stop=None):
        """Poll every ``poll_interval`` seconds until ``stop`` is set."""
        while stop is None or not stop.is_set():
            started = time.monotonic()
            try:
                self.poll_all()
            except Exception:
                LOG.exception('Federation poll failed')
            wait = self.conf.federation.poll_interval - (
                time.monotonic() - started)
            if stop is not None:
                stop.wait(max(0, wait))
            else:
                time.sleep(max(0, wait))
