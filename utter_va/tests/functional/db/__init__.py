"""Database tests against the machine's real MariaDB and PostgreSQL.

oslo.db's provisioning creates a private database per test class on each
backend; the admin URLs come from OS_TEST_DBAPI_ADMIN_CONNECTION and default
to the local root accounts of MariaDB and PostgreSQL on 127.0.0.1.
"""

import os

# NOTE: oslo.db reads this variable once, when its provisioning module is
# first imported, so it must be set before that import.
os.environ.setdefault(
    'OS_TEST_DBAPI_ADMIN_CONNECTION',
    'mysql+pymysql://root@127.0.0.1/;'
    'postgresql+psycopg2://postgres@127.0.0.1/postgres;'
    'sqlite://')

from oslo_db.sqlalchemy import test_fixtures  # noqa: E402

load_tests = test_fixtures.optimize_package_test_loader(__file__)
