"""Tests of the engine's oslo.service service."""

import time

from utter_va.db import api as db_api
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
