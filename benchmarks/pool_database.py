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

"""A private utter-pool database for the pool's benchmarks.

PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): a database
``utter_pool_bench_<hex>`` is made, migrated with the pool's own
migrations and dropped at the end. When PostgreSQL cannot be reached, an
sqlite file stands in, and the benchmark says so. With
``UTTER_POOL_BENCH_KEEP=1`` the PostgreSQL database is kept (its name is
printed) to look at plans with psql; drop it by hand afterwards.
"""

import contextlib
import os
import secrets
import tempfile

from utter_pool import conf as pool_conf
from utter_pool.db import api as db_api
from utter_pool.db import migration

ADMIN_DSN = os.environ.get('UTTER_POOL_BENCH_ADMIN_DSN',
                           'host=127.0.0.1 port=5432 user=postgres '
                           'dbname=postgres connect_timeout=3')
PG_URL = 'postgresql+psycopg2://postgres@127.0.0.1:5432/%s'


def _admin(sql):
    import psycopg2
    connection = psycopg2.connect(ADMIN_DSN)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@contextlib.contextmanager
def database():
    """Yield (kind, engine) of a fresh, migrated pool database."""
    name = 'utter_pool_bench_%s' % secrets.token_hex(4)
    try:
        _admin('CREATE DATABASE %s' % name)
    except Exception as exc:  # noqa: BLE001 - any failure means no PG
        print('PostgreSQL unreachable (%s): falling back to sqlite' %
              str(exc).strip().splitlines()[0])
        kind = 'sqlite'
        url = 'sqlite:///%s' % os.path.join(tempfile.mkdtemp(), 'pool.db')
    else:
        kind = 'postgresql'
        url = PG_URL % name
        print('database %s' % name)
    conf = pool_conf.CONF
    conf([], project='utter-pool', default_config_files=[])
    conf.set_override('connection', url, group='database')
    conf.set_override('max_pool_size', 4, group='database')
    db_api.configure(conf)
    try:
        migration.upgrade()
        yield kind, db_api.get_engine()
    finally:
        db_api.get_engine().dispose()
        if kind == 'postgresql' and not os.environ.get(
                'UTTER_POOL_BENCH_KEEP'):
            _admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
