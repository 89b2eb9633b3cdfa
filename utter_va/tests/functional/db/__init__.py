"""Database tests against the machine's real MariaDB and PostgreSQL.

oslo.db's provisioning creates a private database per test class on each
backend; the admin URLs come from OS_TEST_DBAPI_ADMIN_CONNECTION (see the
functional package).
"""

from oslo_db.sqlalchemy import test_fixtures

load_tests = test_fixtures.optimize_package_test_loader(__file__)
