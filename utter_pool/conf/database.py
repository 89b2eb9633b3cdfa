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

"""Database options ([database] group, defined by oslo.db).

oslo.db owns these options and lists them for the sample itself (the
``oslo.db`` namespace of the generator); utter-pool only sets the default
connection: an sqlite file, so that a pool runs with no configuration.
Production pools point it at PostgreSQL or MariaDB.
"""

from oslo_db import options as db_options

DEFAULT_CONNECTION = 'sqlite:///utter_pool.sqlite'


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    return {}
