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

"""Signed documents accepted per second by the pool's intake.

200 clouds join through :func:`utter_pool.intake.join` (auto-approved) on
a private PostgreSQL database (see :mod:`benchmarks.pool_database`); each
then publishes offers documents (20 flavors each) with increasing
sequences, round-robin over the clouds, through
:func:`utter_pool.intake.document`: the code path of ``POST
/v1/documents`` (parse and schema, cloud and key reads, signature, time,
then the accepting transaction: the cloud's row lock, the sequence, the
offers replaced, the reliability figures, the feed counter row lock and
the stored envelope). The rate limiter is left out. The baseline, in the
same run and on the same documents, is bare Ed25519 verification
(:func:`utter_protocol.signing.verify`, canonical bytes included). A
profiled round shows where the time goes, and a round on two threads
(two cores) what the row locks let through.
"""

import concurrent.futures
import cProfile
import datetime
import json
import pstats
import statistics
import time

from cryptography.hazmat.primitives.asymmetric import ed25519

from benchmarks import pool_database
from utter_pool import intake
from utter_protocol import documents
from utter_protocol import signing

CLOUDS = 200
ROUNDS = 5  # timed rounds: one offers document per cloud each
FLAVORS = 20
BASELINE_RUNS = 3
#: Where the time goes: (label, file suffix, function) of the profile.
STAGES = (
    ('parse: JSON + schema', 'utter_pool/intake.py', 'parse'),
    ('cloud + key reads', 'utter_pool/db/clouds.py', 'get'),
    ('', 'utter_pool/db/clouds.py', 'current_keys'),
    ('signature (verify)', 'utter_protocol/signing.py', 'verify'),
    ('accept transaction', 'utter_pool/db/documents.py', 'accept'),
    ('  cloud row lock', 'utter_pool/db/clouds.py', 'lock'),
    ('  offers replaced', 'utter_pool/db/documents.py', '_offers'),
    ('  reliability', 'utter_pool/db/reliability.py', 'compute'),
    ('  feed (counter lock)', 'utter_pool/db/feed.py', 'record'),
)


class Cloud:
    """A benchmark cloud: a key in memory and its next sequence."""

    def __init__(self, n):
        self.n = n
        self.key = ed25519.Ed25519PrivateKey.generate()
        self.public_key = signing.public_key(self.key)
        self.id = signing.cloud_id(self.public_key)
        self.sequence = 0

    def join(self):
        return signing.sign(self.key, documents.base(
            documents.JOIN, self.id, public_key=self.public_key,
            name='Bench %d' % self.n, region='eu-%d' % (self.n % 3),
            country='FR', api_url='https://b%d.example/' % self.n,
            storefront_url='https://b%d.example/store/' % self.n))

    def offers(self):
        self.sequence += 1
        issued = documents.now()
        expires = documents.format_time(
            documents.parse_time(issued) + datetime.timedelta(seconds=600))
        items = [{'flavor_id': 'f%d' % f, 'flavor_name': 'b.%d' % f,
                  'vcpus': 1 + f % 8, 'ram_mb': 1024 * (1 + f % 8),
                  'disk_gb': 20, 'images': ['ubuntu-24.04'],
                  'sats_per_hour': 1000 + f * 10 + self.sequence,
                  'units_available': 5, 'min_hours': 1, 'max_hours': 720,
                  'visibility': 'public'} for f in range(FLAVORS)]
        document = documents.base(
            documents.OFFERS, self.id, sequence=self.sequence,
            expires_at=expires, offers=items)
        document['issued_at'] = issued
        return signing.sign(self.key, document)


def _round(clouds):
    """[(public key, envelope, body)] of one offers document per cloud."""
    out = []
    for cloud in clouds:
        envelope = cloud.offers()
        out.append((cloud.public_key, envelope,
                    json.dumps(envelope).encode()))
    return out


def _accept_all(batch, conf):
    for _key, _envelope, body in batch:
        intake.document(body, conf)


def _profile(batch, conf):
    profile = cProfile.Profile()
    profile.enable()
    _accept_all(batch, conf)
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.values())
    shares = []
    for label, suffix, function in STAGES:
        cumulative = sum(
            ct for (path, _line, name), (_cc, _nc, _tt, ct, _c)
            in stats.items() if path.endswith(suffix) and name == function)
        if not label:
            label, previous = shares.pop()
            cumulative += previous
        shares.append((label, cumulative))
    return total, shares


def run():
    with pool_database.database() as (kind, _engine):
        conf = pool_database.pool_conf.CONF
        conf.set_override('auto_approve', True, group='pool')
        clouds = [Cloud(n) for n in range(CLOUDS)]
        for cloud in clouds:
            intake.join(json.dumps(cloud.join()).encode(), conf)
        _accept_all(_round(clouds), conf)  # warm up: first offers each
        batches = [_round(clouds) for _ in range(ROUNDS)]
        every = [item for batch in batches for item in batch]

        baseline_s = []
        for _ in range(BASELINE_RUNS):
            start = time.perf_counter()
            for key, envelope, _body in every:
                signing.verify(key, envelope)
            baseline_s.append(time.perf_counter() - start)
        verify_rate = len(every) / statistics.median(baseline_s)

        start = time.perf_counter()
        for batch in batches:
            _accept_all(batch, conf)
        accept_s = time.perf_counter() - start
        accept_rate = len(every) / accept_s

        total, shares = _profile(_round(clouds), conf)

        # Two threads, each its own half of the clouds.
        batch = _round(clouds)
        halves = [batch[:CLOUDS // 2], batch[CLOUDS // 2:]]
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(2) as executor:
            list(executor.map(lambda half: _accept_all(half, conf), halves))
        threads_rate = len(batch) / (time.perf_counter() - start)

    print('database: %s; %d clouds, offers documents of %d flavors '
          '(%d bytes each)' % (kind, CLOUDS, FLAVORS, len(every[0][2])))
    print('%-40s %12s' % ('measure', 'value'))
    print('%-40s %12d' % ('documents per run', len(every)))
    print('%-40s %12.0f' % ('bare signature verify, docs/s', verify_rate))
    print('%-40s %12.0f' % ('pool intake (1 thread), docs/s', accept_rate))
    print('%-40s %12.0f' % ('pool intake (2 threads), docs/s',
                            threads_rate))
    print('%-40s %12.1f' % ('ratio verify/intake (1 thread)',
                            verify_rate / accept_rate))
    print('where the time of intake.document goes (profiled round, '
          'share of %.2f s):' % total)
    for label, seconds in shares:
        print('    %-36s %5.1f%%' % (label, 100 * seconds / total))
    print('RESULT pool_accept db=%s docs=%d accept_docs_s=%.0f '
          'accept_2threads_docs_s=%.0f verify_docs_s=%.0f ratio=%.1f' % (
              kind, len(every), accept_rate, threads_rate, verify_rate,
              verify_rate / accept_rate))
