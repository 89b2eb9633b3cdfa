"""Base test classes of utter-va."""

from oslotest import base

from utter_va.tests import fixtures


class TestCase(base.BaseTestCase):
    """A test with a fresh configuration (oslotest adds timeouts, logs)."""

    def setUp(self):
        super().setUp()
        self.conf_fixture = self.useFixture(fixtures.ConfFixture())
        self.flags = self.conf_fixture.config


class DbTestCase(TestCase):
    """A test with its own in-memory sqlite database, schema included."""

    def setUp(self):
        super().setUp()
        self.db = self.useFixture(fixtures.SqliteDatabase())
