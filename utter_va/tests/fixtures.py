"""Fixtures shared by the unit and functional tests."""

import fixtures
from oslo_config import fixture as config_fixture
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models

CONF = conf.CONF


class ConfFixture(config_fixture.Config):
    """The global configuration, reset after each test."""

    def __init__(self):
        super().__init__(CONF)

    def setUp(self):
        super().setUp()
        config.set_lib_defaults()
        self.conf([], project='utter-va', default_config_files=[])
        self.config(connection='sqlite://', group='database')


class SqliteDatabase(fixtures.Fixture):
    """A private sqlite database with the whole schema.

    In memory by default; ``on_disk=True`` puts it in a temporary file, for
    tests where several threads use the database at once (one in-memory
    connection cannot be shared between threads). The application's
    enginefacade is pointed at it for the duration of the test, the way
    oslo.db's own fixtures do it.
    """

    def __init__(self, on_disk=False):
        super().__init__()
        self.on_disk = on_disk

    def _setUp(self):
        url = 'sqlite://'
        if self.on_disk:
            tmp = self.useFixture(fixtures.TempDir()).path
            url = 'sqlite:///%s/utter_va.sqlite' % tmp
        facade = enginefacade.transaction_context()
        facade.configure(connection=url)
        engine = facade.writer.get_engine()
        models.Base.metadata.create_all(engine)
        self.engine = engine
        self.useFixture(db_fixtures.ReplaceEngineFacadeFixture(
            db_api.context_manager, facade))
        self.addCleanup(engine.dispose)
