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

"""A health check backend for oslo.middleware: is the database reachable?

Registered as ``utter_va_database`` in the ``oslo.middleware.healthcheck``
namespace and enabled by default, so ``GET /healthcheck`` answers 503 when
the API cannot reach its database.
"""

from oslo_log import log
from oslo_middleware.healthcheck import pluginbase
import sqlalchemy as sa

from utter_va.db import api as db_api

LOG = log.getLogger(__name__)


class DatabaseHealthcheck(pluginbase.HealthcheckBaseExtension):
    """Answers healthy when ``SELECT 1`` succeeds on the database."""

    def healthcheck(self, server_port):
        try:
            with db_api.reader() as s:
                s.execute(sa.text('SELECT 1'))
        except Exception as exc:
            LOG.warning('Health check: database unreachable: %s', exc)
            return pluginbase.HealthcheckResult(
                available=False, reason='database unreachable',
                details=str(exc))
        return pluginbase.HealthcheckResult(available=True,
                                            reason='database OK')
