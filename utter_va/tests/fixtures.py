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

"""Fixtures shared by the unit and functional tests."""

import datetime
import hashlib
import time

import fixtures
from keystoneauth1 import fixture as ks_fixture
from keystonemiddleware import fixture as ksm_fixture
from oslo_config import fixture as config_fixture
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures
from oslo_messaging import conffixture as messaging_fixture
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va.api import policy
from utter_va.common import config
from utter_va.common import loader
from utter_va.compute import clients
from utter_va.compute import cloud
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import idempotency as db_idempotency
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va.engine import rpcapi

CONF = conf.CONF

#: A real ed25519 public key (strictly parsed by the API), for orders.
SSH_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAYO1q9mo+K9ZndxJP1N4Y6wT'
           'qELZOeyTf2/3KtHeydW buyer@example')


class ConfFixture(config_fixture.Config):
    """The global configuration, reset after each test."""

    def __init__(self):
        super().__init__(CONF)

    def setUp(self):
        super().setUp()
        config.set_lib_defaults()
        self.conf([], project='utter-va', default_config_files=[])
        self.config(connection='sqlite://', group='database')
        # NOTE: casts of unit tests go to oslo.messaging's in-memory bus.
        self.useFixture(messaging_fixture.ConfFixture(CONF)).transport_url = (
            'fake:/')
        rpcapi.reset()
        self.addCleanup(rpcapi.reset)
        # NOTE: drivers, sessions and clients live as long as the process;
        # each test builds its own, from the options it sets.
        for reset in (loader.reset, cloud.reset, clients.reset):
            reset()
            self.addCleanup(reset)


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


def create_test_order(cause='test', **values):
    """Insert an order in any state, with its first log entry (a factory).

    Tests put orders straight into the state they need; the code under
    test only ever creates them through :mod:`utter_va.orders`.
    """
    values = dict({'id': uuidutils.generate_uuid(),
                   'state': 'awaiting_payment', 'flavor_id': 'f',
                   'flavor_name': 'm1.small', 'image': 'cirros',
                   'price_msat_per_hour': 1, 'token_hash': 'x'}, **values)
    with db_api.writer() as session:
        order = models.Order(**values)
        session.add(order)
        session.flush()
        session.add(models.OrderTransition(
            order_id=order.id, from_state=None, to_state=order.state,
            cause=cause))
        return order.to_dict()


def claim_old_and_new_keys(path, age=7200):
    """Two Idempotency-Keys of ``path``: 'old' claimed ``age`` s ago, 'new'.

    Returns the stored digests (old, new).
    """
    digests = [hashlib.sha256(key.encode()).hexdigest()
               for key in ('old', 'new')]
    for key in ('old', 'new'):
        db_idempotency.claim(path, key, 'h', 3600)
    with db_api.writer() as session:
        session.execute(sa.update(models.IdempotencyKey).where(
            models.IdempotencyKey.key == digests[0]).values(
                created_at=timeutils.utcnow() -
                datetime.timedelta(seconds=age)))
    return digests


def order_with_request(driver, order_id, price_msat_per_hour, amount_msat,
                       state='awaiting_payment', **values):
    """An order and one payment request of ``driver``, as the API records.

    ``driver`` is a payment driver instance; ``values`` are more order
    columns. Returns (the order as a dict, the PaymentRequestInfo).
    """
    order = create_test_order(
        id=order_id, state=state,
        price_msat_per_hour=price_msat_per_hour, **values)
    info = driver.create_request(order['id'], amount_msat, 900)
    db_payments.request_create({
        'order_id': order['id'], 'driver': driver.name,
        'external_id': info.external_id, 'address': info.address,
        'invoice': info.invoice, 'payment_uri': info.payment_uri,
        'amount_msat': info.amount_msat, 'expires_at': info.expires_at})
    return order, info


class KeystonePersonas(fixtures.Fixture):
    """keystonemiddleware's auth_token with stubbed Keystone answers.

    ``token[persona]`` is a valid token for each of OpenStack's personas.
    In project ``p-ops``, the operator's project (``[api]
    operator_project_id``): ``admin`` (admin, member and reader roles),
    ``reader`` and ``member`` (the member role only). In project
    ``p-other``, another tenant of the cloud: ``other-admin``,
    ``other-member`` (member and reader, as Keystone's implied roles give
    a real member) and ``other-reader``. On the system scope:
    ``system-admin`` and ``system-reader``. User ids are ``u-<persona>``.
    The policy enforcer starts afresh.
    """

    OPERATOR_PROJECT = 'p-ops'

    PERSONAS = (('admin', 'p-ops', ['admin', 'member', 'reader']),
                ('reader', 'p-ops', ['reader']),
                ('member', 'p-ops', ['member']),
                ('other-admin', 'p-other', ['admin', 'member', 'reader']),
                ('other-member', 'p-other', ['member', 'reader']),
                ('other-reader', 'p-other', ['reader']),
                ('system-admin', None, ['admin', 'member', 'reader']),
                ('system-reader', None, ['reader']))

    def _setUp(self):
        tokens = self.useFixture(ksm_fixture.AuthTokenFixture())
        CONF.set_override('www_authenticate_uri',
                          'http://127.0.0.1:5000/v3',
                          group='keystone_authtoken')
        self.addCleanup(CONF.clear_override, 'www_authenticate_uri',
                        group='keystone_authtoken')
        CONF.set_override('operator_project_id', self.OPERATOR_PROJECT,
                          group='api')
        self.addCleanup(CONF.clear_override, 'operator_project_id',
                        group='api')
        self.token = {}
        for persona, project_id, roles in self.PERSONAS:
            token = uuidutils.generate_uuid(dashed=False)
            data = ks_fixture.V3Token(user_id='u-' + persona,
                                      project_id=project_id)
            if project_id is None:
                data.set_system_scope()
            for role in roles:
                data.add_role(name=role)
            tokens.add_token(data, token_id=token)
            self.token[persona] = token
        policy.reset()
        self.addCleanup(policy.reset)


def wait_for(predicate, timeout, message='timed out', interval=0.05):
    """Poll ``predicate`` on the real clock until it returns a true value.

    Returns that value; raises AssertionError after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('%s (after %ss)' % (message, timeout))
        time.sleep(interval)
