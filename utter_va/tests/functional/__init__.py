"""Functional tests: the real databases, RabbitMQ and OpenStack.

oslo.db's provisioning reads OS_TEST_DBAPI_ADMIN_CONNECTION once, when it is
first imported, so the default (the local root accounts of MariaDB and
PostgreSQL on 127.0.0.1) is set here, before any functional test module can
import it.
"""

import os

os.environ.setdefault(
    'OS_TEST_DBAPI_ADMIN_CONNECTION',
    'mysql+pymysql://root@127.0.0.1/;'
    'postgresql+psycopg2://postgres@127.0.0.1/postgres;'
    'sqlite://')
