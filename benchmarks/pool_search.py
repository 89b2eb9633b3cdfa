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

"""Search of the pool over 10,000 clouds x 50 offers, against plain SQL.

A private PostgreSQL database (see :mod:`benchmarks.pool_database`) is
filled with SQLAlchemy core bulk inserts: 10,000 approved clouds in 20
countries, 50 offers each (flavors of 1 to 32 vCPUs priced by size, one
or two images of eight), reliability figures for 80% of the clouds, and
offers accepted just now so they are fresh. Each query kind then runs
through the pool's own search (:func:`utter_pool.db.offers.search`, what
``GET /v1/offers`` calls: the query, the ORM rows and their dicts) and as
the same query written as plain SQL on a DBAPI cursor of the same engine
(the baseline), interleaved, with the same parameters. The table shows
p50 and p99 per kind and the ratio pool/plain of the p50s, then the
query plan of the main search (min_vcpus + max price, sorted by price).

What the plans say: the main search walks ``offers_price_idx`` and
filters on vcpus (the cheapest offers are the small ones, so it reads
past them); an index on (vcpus, sats_per_hour) was tried and the planner
does not pick it. The reliability and time-to-active sorts order by a
column of the joined ``reliability`` table, which no index on ``offers``
serves: they sort every matching offer.
"""

import datetime
import hashlib
import json
import random
import re
import statistics
import time

import sqlalchemy as sa

from benchmarks import pool_database
from utter_pool.db import models
from utter_pool.db import offers as db_offers

CLOUDS = 10_000
OFFERS_PER_CLOUD = 50
REPS = 30
LIMIT = 20
CHUNK = 250  # clouds per insert transaction
COUNTRIES = ('FR', 'DE', 'US', 'NL', 'SE', 'JP', 'BR', 'CA', 'GB', 'SG',
             'FI', 'PL', 'ES', 'IT', 'CH', 'AU', 'IN', 'ZA', 'KR', 'NO')
IMAGES = ('ubuntu-24.04', 'ubuntu-22.04', 'debian-12', 'cirros',
          'fedora-41', 'rocky-9', 'alpine-3.20', 'windows-2022')
VCPUS = (1, 2, 4, 8, 16, 32)


def _rows(rng, first, count, now):
    clouds, offers, images, figures = [], [], [], []
    for n in range(first, first + count):
        cloud_id = hashlib.sha256(b'cloud%d' % n).hexdigest()
        country = COUNTRIES[n % len(COUNTRIES)]
        region = '%s-%d' % (country.lower(), n % 3)
        clouds.append({
            'id': cloud_id, 'name': 'Cloud %d' % n, 'description': '',
            'region': region, 'country': country, 'latitude': None,
            'longitude': None, 'api_url': 'https://c%d.example/' % n,
            'storefront_url': 'https://c%d.example/store/' % n,
            'status': 'approved', 'created_at': now, 'updated_at': now})
        if rng.random() < 0.8:
            figures.append({
                'cloud_id': cloud_id, 'orders_paid': rng.randint(1, 500),
                'active_share': round(rng.uniform(0.5, 1.0), 4),
                'median_seconds_to_active': rng.uniform(20, 900),
                'failure_share': rng.uniform(0, 0.3),
                'paid_time_over_share': rng.uniform(0, 0.7),
                'computed_at': now})
        document_id = hashlib.sha256(b'doc%d' % n).hexdigest()
        factor = rng.uniform(0.6, 1.6)
        for f in range(OFFERS_PER_CLOUD):
            vcpus = VCPUS[f % len(VCPUS)]
            ram_mb = vcpus * (1024, 2048, 4096)[f % 3]
            disk_gb = (10, 20, 40, 80, 160)[f % 5]
            flavor_id = 'flavor-%d' % f
            offer_id = hashlib.sha256(
                ('%s:%s' % (cloud_id, flavor_id)).encode()).hexdigest()[:32]
            chosen = sorted(set(rng.sample(IMAGES, rng.choice((1, 2)))))
            offers.append({
                'id': offer_id, 'cloud_id': cloud_id,
                'document_id': document_id, 'flavor_id': flavor_id,
                'flavor_name': 'b.%dc%dg%d' % (vcpus, ram_mb // 1024, f),
                'vcpus': vcpus, 'ram_mb': ram_mb, 'disk_gb': disk_gb,
                'images': json.dumps(chosen), 'image_url': f % 4 == 0,
                'sats_per_hour': int((vcpus * 400 + ram_mb // 10 +
                                      disk_gb * 2) * factor),
                'units_available': rng.randint(0, 20), 'min_hours': 1,
                'max_hours': 720, 'region': region, 'country': country,
                'accepted_at': now,
                'expires_at': now + datetime.timedelta(hours=1)})
            images.extend({'offer_id': offer_id, 'image': i}
                          for i in chosen)
    return clouds, offers, images, figures


def fill(engine):
    """Insert every row; return (seconds, offer_images rows)."""
    rng = random.Random(16)
    now = datetime.datetime.utcnow()
    started = time.perf_counter()
    image_rows = 0
    for first in range(0, CLOUDS, CHUNK):
        clouds, offers, images, figures = _rows(rng, first, CHUNK, now)
        with engine.begin() as connection:
            connection.execute(models.Cloud.__table__.insert(), clouds)
            connection.execute(models.Reliability.__table__.insert(),
                               figures)
            connection.execute(models.Offer.__table__.insert(), offers)
            connection.execute(models.OfferImage.__table__.insert(), images)
        image_rows += len(images)
    with engine.connect() as connection:
        connection = connection.execution_options(
            isolation_level='AUTOCOMMIT')
        connection.exec_driver_sql('ANALYZE')
    return time.perf_counter() - started, image_rows


# The same queries as plain SQL: %(name)s parameters (psycopg2's style).
_BASE = (
    'SELECT o.*, c.*, r.* FROM offers o '
    'JOIN clouds c ON c.id = o.cloud_id '
    'LEFT JOIN reliability r ON r.cloud_id = o.cloud_id '
    "WHERE c.status = 'approved' AND o.accepted_at >= %(fresh)s "
    'AND o.expires_at > %(now)s ')
_FILTERS = {
    'min_vcpus': 'o.vcpus >= %(min_vcpus)s',
    'min_ram_mb': 'o.ram_mb >= %(min_ram_mb)s',
    'max_sats_per_hour': 'o.sats_per_hour <= %(max_sats_per_hour)s',
    'country': 'o.country = %(country)s',
    'image': ('EXISTS (SELECT 1 FROM offer_images i WHERE '
              'i.offer_id = o.id AND i.image = %(image)s)'),
    'min_reliability': 'r.active_share >= %(min_reliability)s',
}
_ORDER = {
    'price': 'o.sats_per_hour, o.id',
    'reliability': ('COALESCE(r.active_share, -1.0) DESC, '
                    'o.sats_per_hour, o.id'),
    'time_to_active': ('COALESCE(r.median_seconds_to_active, 1e15), '
                       'o.sats_per_hour, o.id'),
}
_AFTER_PRICE = ('(o.sats_per_hour, o.id) > (SELECT m.sats_per_hour, m.id '
                'FROM offers m WHERE m.id = %(marker)s)')


def plain_sql(filters, sort, marker):
    """The SQL text of a search, as one would write it by hand."""
    where = [_FILTERS[name] for name in _FILTERS if name in filters]
    if marker:
        assert sort == 'price'
        where.append(_AFTER_PRICE)
    return (_BASE + ''.join('AND %s ' % w for w in where) +
            'ORDER BY %s LIMIT %%(limit)s' % _ORDER[sort])


def _kinds(rng):
    """{kind: [(filters, sort), ...]}, REPS parameter sets per kind."""
    kinds = {'vcpus+max_price by price': [], 'country by price': [],
             'image+ram by price': [], 'min_reliability by reliability': [],
             'vcpus by time_to_active': []}
    for _ in range(REPS):
        vcpus = rng.choice((2, 4, 8, 16))
        kinds['vcpus+max_price by price'].append((
            {'min_vcpus': vcpus, 'max_sats_per_hour': vcpus * 900}, 'price'))
        kinds['country by price'].append((
            {'country': rng.choice(COUNTRIES)}, 'price'))
        kinds['image+ram by price'].append((
            {'image': rng.choice(IMAGES),
             'min_ram_mb': rng.choice((4096, 16384))}, 'price'))
        kinds['min_reliability by reliability'].append((
            {'min_reliability': rng.choice((0.8, 0.9, 0.95))},
            'reliability'))
        kinds['vcpus by time_to_active'].append((
            {'min_vcpus': rng.choice((4, 8, 16))}, 'time_to_active'))
    return kinds


class Plain:
    """The baseline: plain SQL on a DBAPI cursor of the same engine."""

    def __init__(self, engine, kind):
        self.connection = engine.raw_connection()
        self.sqlite = kind == 'sqlite'

    def run(self, filters, sort, marker, now, window):
        sql = plain_sql(filters, sort, marker)
        params = dict(filters, limit=LIMIT, marker=marker, now=now,
                      fresh=now - datetime.timedelta(seconds=window))
        if self.sqlite:
            sql = re.sub(r'%\((\w+)\)s', r':\1', sql)
            params = {k: (str(v) if isinstance(v, datetime.datetime)
                          else v) for k, v in params.items()}
        cursor = self.connection.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.close()
        self.connection.commit()
        return rows


def _pool(filters, sort, marker, now, window):
    return db_offers.search(filters, sort, LIMIT, marker, now, window)


def _percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share *
                                                   (len(ordered) - 1))))]


def _explain(engine, kind, now, window):
    filters = {'min_vcpus': 4, 'max_sats_per_hour': 4 * 900}
    query = db_offers._filtered(db_offers._base(now, window), filters)
    query = query.order_by(*[e.asc() if a else e.desc()
                             for e, a in db_offers.SORTS['price']])
    query = query.limit(LIMIT)
    with engine.connect() as connection:
        if kind == 'postgresql':
            compiled = query.compile(dialect=engine.dialect)
            rows = connection.exec_driver_sql(
                'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' + str(compiled),
                compiled.params).all()
        else:
            rows = connection.execute(
                sa.text('EXPLAIN QUERY PLAN ' + str(query.compile(
                    dialect=engine.dialect,
                    compile_kwargs={'literal_binds': True})))).all()
    return [' '.join(str(c) for c in row) for row in rows]


def run():
    with pool_database.database() as (kind, engine):
        fill_s, image_rows = fill(engine)
        print('database: %s; filled %d clouds, %d offers, %d offer images '
              'in %.1f s' % (kind, CLOUDS, CLOUDS * OFFERS_PER_CLOUD,
                             image_rows, fill_s))
        window = pool_database.pool_conf.CONF.pool.freshness_window
        plain = Plain(engine, kind)
        kinds = _kinds(random.Random(7))
        results = {}
        for name, parameter_sets in kinds.items():
            pool_ms, plain_ms, lengths = [], [], set()
            for filters, sort in [parameter_sets[0]] + parameter_sets:
                now = datetime.datetime.utcnow()
                start = time.perf_counter()
                found = _pool(filters, sort, None, now, window)
                middle = time.perf_counter()
                rows = plain.run(filters, sort, None, now, window)
                end = time.perf_counter()
                pool_ms.append((middle - start) * 1000)
                plain_ms.append((end - middle) * 1000)
                if [o['id'] for o in found] != [r[0] for r in rows]:
                    raise AssertionError('%s: pool and plain SQL differ'
                                         % name)
                lengths.add(len(found))
            results[name] = (pool_ms[1:], plain_ms[1:], lengths)
        # Pagination: the page after the first of the main search.
        pool_ms, plain_ms, lengths = [], [], set()
        for filters, sort in kinds['vcpus+max_price by price']:
            now = datetime.datetime.utcnow()
            marker = _pool(filters, sort, None, now, window)[-1]['id']
            start = time.perf_counter()
            found = _pool(filters, sort, marker, now, window)
            middle = time.perf_counter()
            rows = plain.run(filters, sort, marker, now, window)
            end = time.perf_counter()
            if [o['id'] for o in found] != [r[0] for r in rows]:
                raise AssertionError('next page: pool and plain SQL differ')
            pool_ms.append((middle - start) * 1000)
            plain_ms.append((end - middle) * 1000)
            lengths.add(len(found))
        results['vcpus+max_price page 2 (marker)'] = (pool_ms, plain_ms,
                                                      lengths)
        with engine.connect() as connection:
            visible = connection.execute(
                sa.select(sa.func.count()).select_from(
                    db_offers._base(datetime.datetime.utcnow(), window)
                    .subquery())).scalar()
        plan = _explain(engine, kind, datetime.datetime.utcnow(), window)
        plain.connection.close()

    print('%-34s %9s %9s %9s %9s %7s' % (
        'query kind (%d runs, limit %d)' % (REPS, LIMIT), 'pool p50',
        'pool p99', 'sql p50', 'sql p99', 'ratio'))
    worst = 0.0
    summary = []
    for name, (pool_ms, plain_ms, lengths) in results.items():
        ratio = statistics.median(pool_ms) / statistics.median(plain_ms)
        worst = max(worst, ratio)
        print('%-34s %9.2f %9.2f %9.2f %9.2f %7.2f' % (
            name, statistics.median(pool_ms), _percentile(pool_ms, 0.99),
            statistics.median(plain_ms), _percentile(plain_ms, 0.99),
            ratio))
        summary.append('%s_p50_ms=%.2f' % (
            re.sub(r'\W+', '_', name.split(' by ')[0].split(' (')[0]),
            statistics.median(pool_ms)))
    print('(ms; ratio = pool p50 / plain SQL p50; %d offers visible at '
          'the end)' % visible)
    print('plan of the main search (vcpus+max_price by price):')
    for line in plan:
        print('    ' + line)
    print('RESULT pool_search db=%s clouds=%d offers=%d %s '
          'worst_ratio=%.2f' % (kind, CLOUDS, CLOUDS * OFFERS_PER_CLOUD,
                                ' '.join(summary), worst))
