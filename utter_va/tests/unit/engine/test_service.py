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

"""Tests of the engine's oslo.service service."""

import hashlib
import time

import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.engine import service
from utter_va.tests import base
from utter_va.tests import fixtures


class TestEngineService(base.TestCase):

    def test_heartbeat_is_recorded_while_running(self):
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))
        self.flags(host='engine-a')
        self.flags(heartbeat_interval=1, group='engine')
        engine = service.EngineService(follow_cloud=False)
        engine.start()
        self.addCleanup(engine.stop)
        deadline = time.monotonic() + 10
        services = []
        while time.monotonic() < deadline:
            services = db_api.service_get_all(binary=service.BINARY)
            if services:
                break
            time.sleep(0.05)
        self.assertEqual(['engine-a'], [s['host'] for s in services])
        first_seen = services[0]['last_seen_at']
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            again = db_api.service_get_all(binary=service.BINARY)[0]
            if again['last_seen_at'] > first_seen:
                break
            time.sleep(0.1)
        self.assertGreater(again['last_seen_at'], first_seen)

    def test_expired_idempotency_keys_are_purged(self):
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))
        self.flags(idempotency_key_lifetime=3600, group='api')
        fixtures.claim_old_and_new_keys('/v1/orders')
        engine = service.EngineService(follow_cloud=False)
        engine.start()
        self.addCleanup(engine.stop)

        def keys():
            with db_api.reader() as s:
                return list(s.scalars(sa.select(models.IdempotencyKey.key)))
        fixtures.wait_for(lambda: len(keys()) == 1, 10,
                          'the expired key was not purged')
        self.assertEqual([hashlib.sha256(b'new').hexdigest()], keys())
