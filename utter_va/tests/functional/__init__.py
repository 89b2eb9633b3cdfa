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
