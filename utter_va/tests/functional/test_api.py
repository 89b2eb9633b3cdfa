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

"""The order API as a real process: real Keystone, MariaDB and BTCPay flow.

utter-va-api (and, for a purchase, utter-va-engine) run against minicloud
and a private MariaDB database (:class:`deployment.Deployment`). Payments
go through the btcpay driver to the local Greenfield server of the unit
tests, whose signed webhook deliveries are posted to the API as BTCPay
would post them. The RBAC matrix uses minicloud's real personas: Keystone
expands implied roles (admin => member => reader), so the member's token
also carries reader: a member reads, and cannot write. Minicloud's member
and reader work in project ``demo``, the operator's project of these tests
(``[api] operator_project_id``); a member and a reader of a project of
their own, and a system-scoped admin, are made in minicloud's Keystone for
the test and deleted after it.
"""

import json
import os
import threading
import time
import urllib.error
import urllib.request

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client
from novaclient import client as nova_client
from novaclient import exceptions as nova_exc
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools
from testtools import content

from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import models
from utter_va.db import prices as db_prices
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.functional import deployment
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import minicloud
from utter_va.tests.unit.payment.fakes import btcpay_server

SSH_KEY = test_fixtures.SSH_KEY
WAIT = 240
OPENAPI = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                       'api-ref', 'openapi.json')
PERSONAS = (None, 'minicloud-member', 'minicloud-reader', 'minicloud-admin',
            'other-member', 'other-reader', 'system-admin')

# (method, path, no token, member, reader, admin, member and reader of
# another project, system-scoped admin). GET /v1/orders/{id} without a
# Keystone token is the buyer's route: without an order token, the 404 of
# a missing order.
RBAC = [
    ('GET', '/v1/orders', 401, 200, 200, 200, 403, 403, 200),
    ('GET', '/v1/orders/{id}', 404, 200, 200, 200, 403, 403, 200),
    ('GET', '/v1/orders/{id}/payments', 401, 200, 200, 200, 403, 403, 200),
    ('GET', '/v1/prices/{flavor}/preview?hours=3', 401, 200, 200, 200,
     403, 403, 200),
    ('POST', '/v1/orders/{id}/cancel', 401, 403, 403, 200, 403, 403, 200),
    ('POST', '/v1/orders/{other}/terminate', 401, 403, 403, 200, 403, 403,
     200),
]


def count(model):
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


class ApiTestBase(testtools.TestCase):
    """A deployment paying through a local BTCPay Server."""

    def setUp(self, **options):
        super().setUp()
        self.suffix = uuidutils.generate_uuid(dashed=False)[:10]
        self.btcpay = self.useFixture(btcpay_server.FakeBTCPayServer(
            store_id='store-ft', api_key='key-ft',
            webhook_secret='secret-ft-%s' % self.suffix))
        groups = {
            'engine': {'notification_pool': 'ft-api-%s' % self.suffix,
                       'capacity_sync_interval': 600,
                       'heartbeat_interval': 5},
            'orders': {'deployment_id': 'ft-api-%s' % self.suffix,
                       'networks': 'none', 'sweep_interval': 2},
            'payment': {'driver': 'btcpay'},
            'payment_btcpay': {'url': self.btcpay.url,
                               'store_id': 'store-ft',
                               'api_key': 'key-ft',
                               'webhook_secret':
                                   'secret-ft-%s' % self.suffix},
        }
        for group, values in options.items():
            groups.setdefault(group, {}).update(values)
        self.d = self.useFixture(deployment.Deployment(options=groups))
        self.d.start_api()

    def price_in_db(self, flavor_id, fit_units=10):
        """A price and a capacity figure written straight to the DB."""
        db_prices.price_set({
            'flavor_id': flavor_id, 'flavor_name': 'ft-%s' % flavor_id,
            'vcpus': 1, 'ram_mb': 256, 'disk_gb': 1, 'images': ['cirros'],
            'price_msat_per_hour': 1_000_000, 'max_units': None,
            'enabled': True})
        db_capacity.flavor_capacity_store([{
            'flavor_id': flavor_id, 'fit_units': fit_units,
            'held_units': 0, 'sellable_units': fit_units}])

    def place(self, flavor, **values):
        body = {'flavor': flavor, 'image': 'cirros', 'hours': 1,
                'ssh_public_key': SSH_KEY}
        body.update(values)
        return self.d.request('POST', '/v1/orders', body)

    def post_raw(self, path, headers, body):
        """POST raw bytes, as a payment processor does; (status, JSON)."""
        request = urllib.request.Request(self.d.api_url + path, data=body,
                                         headers=headers, method='POST')
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def invoice_of(self, order_id):
        return [i['id'] for i in self.btcpay.state.invoices.values()
                if i['metadata'].get('orderId') == order_id][0]


class TestApiAccess(ApiTestBase):
    """RBAC, forged webhooks, order tokens and caps under concurrency."""

    def setUp(self):
        with minicloud.MinicloudFixture() as cloud:
            demo = cloud.session('minicloud-member').get_project_id()
        super().setUp(api={'operator_project_id': demo})

    def keystone_personas(self):
        """Tokens of new personas: another project's member and reader.

        And a system-scoped admin; all are deleted with the test.
        """
        admin = self.d.cloud.session('minicloud-admin')
        keystone = ks_client.Client(session=admin, interface='public')
        roles = {role.name: role for role in keystone.roles.list()}
        project = keystone.projects.create('ft-other-%s' % self.suffix,
                                           'default')
        self.addCleanup(keystone.projects.delete, project)
        tokens = {}
        for persona, role, scope in (
                ('other-member', 'member', {'project': project}),
                ('other-reader', 'reader', {'project': project}),
                ('system-admin', 'admin', {'system': 'all'})):
            password = uuidutils.generate_uuid()
            user = keystone.users.create('ft-%s-%s' % (persona, self.suffix),
                                         domain='default', password=password)
            self.addCleanup(keystone.users.delete, user)
            keystone.roles.grant(roles[role], user=user, **scope)
            auth = {'project_id': project.id} if 'project' in scope else {
                'system_scope': 'all'}
            tokens[persona] = ks_session.Session(auth=v3.Password(
                auth_url=self.d.cloud.auth_url, user_id=user.id,
                password=password, **auth)).get_token()
        return tokens

    def check_rbac(self, personas, tokens):
        """Two new orders, and the RBAC rows of ``personas`` on them."""
        ids = []
        for _ in range(2):
            status, order = self.place('f-rbac')
            self.assertEqual(201, status, order)
            ids.append(order['id'])
        for method, path, *answers in RBAC:
            path = path.format(id=ids[0], other=ids[1], flavor='f-rbac')
            for persona, expected in zip(PERSONAS, answers):
                if persona not in personas:
                    continue
                status, body = self.d.request(method, path,
                                              token=tokens.get(persona))
                self.assertEqual(expected, status,
                                 (method, path, persona, body))
        return ids

    def test_rbac_matrix(self):
        self.price_in_db('f-rbac')
        tokens = {p: self.d.token(p) for p in PERSONAS
                  if p and p.startswith('minicloud-')}
        tokens.update(self.keystone_personas())
        ids = self.check_rbac(PERSONAS[:-1], tokens)
        # NOTE: the system admin closes two orders of its own, placed once
        # the admin closed the first two ([api] max_unpaid_orders_per_client
        # is 3).
        self.check_rbac(PERSONAS[-1:], tokens)
        status, order = self.d.request('GET', '/v1/orders/%s' % ids[1],
                                       token=tokens['minicloud-reader'])
        self.assertEqual('terminated', order['state'])
        self.assertTrue(order['transitions'][-1]['actor'])

    def test_forged_webhook_records_nothing_and_wrong_token_is_404(self):
        self.price_in_db('f-forge')
        status, order = self.place('f-forge')
        self.assertEqual(201, status, order)
        invoice = self.invoice_of(order['id'])
        self.btcpay.pay(invoice, '0.00001')
        for headers, body in (
                self.btcpay.delivery(invoice, secret='guessed'),
                ({'Content-Type': 'application/json'},
                 self.btcpay.delivery(invoice)[1])):
            status, answer = self.post_raw('/v1/webhooks/btcpay', headers,
                                           body)
            self.assertEqual(400, status, answer)
        self.assertEqual(0, count(models.Payment))
        self.assertEqual('awaiting_payment',
                         db_api.order_get(order['id'])['state'])

        missing_id = uuidutils.generate_uuid()
        missing = self.d.request('GET', '/v1/orders/%s' % missing_id,
                                 headers={'X-Order-Token': order['token']})
        self.assertEqual(404, missing[0])
        expected = json.loads(json.dumps(missing[1]).replace(
            missing_id, order['id']))
        for token in ('wrong', order['token'][:-1], None):
            headers = {'X-Order-Token': token} if token else {}
            self.assertEqual((404, expected), self.d.request(
                'GET', '/v1/orders/%s' % order['id'], headers=headers))
        status, shown = self.d.request(
            'GET', '/v1/orders/%s' % order['id'],
            headers={'X-Order-Token': order['token']})
        self.assertEqual((200, 'awaiting_payment'), (status, shown['state']))

    def test_caps_hold_under_concurrent_orders(self):
        # NOTE: every request comes from 127.0.0.1: one client network,
        # [api] max_unpaid_orders_per_client (3 by default) unpaid orders.
        self.price_in_db('f-race', fit_units=50)
        answers = []

        def order():
            answers.append(self.place('f-race')[0])
        threads = [threading.Thread(target=order) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual([201] * 3 + [429] * 9, sorted(answers))
        self.assertEqual(3, count(models.Order))


class TestPurchase(ApiTestBase):
    """A buyer's whole purchase, through HTTP only, to an ACTIVE server."""

    def setUp(self):
        super().setUp()
        admin = self.d.cloud.session('minicloud-admin')
        self.nova = nova_client.Client('2.79', session=admin)
        self.flavor = self.nova.flavors.create('ft-api-%s' % self.suffix,
                                               ram=256, vcpus=1, disk=1)
        self.addCleanup(self.flavor.delete)
        self.admin = self.d.token('minicloud-admin')

    def _delete_server(self, order_id):
        server_id = db_api.order_get(order_id)['server_id']
        if not server_id:
            return
        try:
            self.nova.servers.delete(server_id)
        except nova_exc.NotFound:
            return
        ft_fixtures.wait_for(lambda: self._gone(server_id), WAIT,
                             'server %s not deleted' % server_id)

    def _gone(self, server_id):
        try:
            self.nova.servers.get(server_id)
        except nova_exc.NotFound:
            return True
        return False

    def test_buy_pay_boot(self):
        status, price = self.d.request(
            'PUT', '/v1/prices/%s' % self.flavor.name,
            {'sats_per_hour': 1000, 'images': ['cirros']}, token=self.admin)
        self.assertEqual(200, status, price)
        self.d.start_engine()

        def offer():
            status, offers = self.d.request('GET', '/v1/offers')
            return [o for o in offers['offers']
                    if o['flavor_id'] == self.flavor.id]
        listed = ft_fixtures.wait_for(offer, WAIT, 'no offer listed')[0]
        self.assertEqual((1000, ['cirros']),
                         (listed['sats_per_hour'], listed['images']))
        self.assertGreater(listed['units_available'], 0)

        status, order = self.place(self.flavor.name, hours=1)
        self.assertEqual(201, status, order)
        self.addCleanup(self._delete_server, order['id'])
        request = order['payment_request']
        self.assertEqual((1000, 'awaiting_payment'),
                         (request['amount_sats'], order['state']))
        invoice = self.invoice_of(order['id'])
        self.btcpay.pay(invoice, '0.00001')
        status, answer = self.post_raw('/v1/webhooks/btcpay',
                                       *self.btcpay.delivery(invoice))
        self.assertEqual((200, {'events': 1}), (status, answer))

        headers = {'X-Order-Token': order['token']}
        status, shown = self.d.request('GET', order['url'][len(
            self.d.api_url):], headers=headers)
        self.assertEqual(200, status, shown)
        self.assertIn(shown['state'], ('paid', 'booting', 'active'))
        self.assertEqual((1000, 3600),
                         (shown['paid_sats'], shown['credited_seconds']))

        def active():
            shown = self.d.request('GET', '/v1/orders/%s' % order['id'],
                                   headers=headers)[1]
            return shown if shown['state'] == 'active' else None
        started = time.monotonic()
        shown = ft_fixtures.wait_for(active, WAIT, 'the order never became '
                                     'active: %s' % self.d.request(
                                         'GET', '/v1/orders/%s' %
                                         order['id'], token=self.admin)[1])
        self.addDetail('seconds-to-active', content.text_content(
            '%.1f' % (time.monotonic() - started)))
        self.assertEqual('ACTIVE', shown['server']['status'])
        self.assertIsNotNone(shown['paid_until'])

        status, console = self.d.request(
            'GET', '/v1/orders/%s/console?length=10' % order['id'],
            headers=headers)
        self.assertEqual(200, status, console)
        self.assertIsInstance(console['output'], str)

        status, topup = self.d.request(
            'POST', '/v1/orders/%s/topup' % order['id'], {'hours': 2},
            headers=headers)
        self.assertEqual(201, status, topup)
        self.assertEqual(('topup', 2000),
                         (topup['payment_request']['purpose'],
                          topup['payment_request']['amount_sats']))
        status, payments = self.d.request(
            'GET', '/v1/orders/%s/payments' % order['id'], token=self.admin)
        self.assertEqual(['order', 'topup'], [
            r['purpose'] for r in payments['payment_requests']])
        self.assertEqual(1, len(payments['payments']))


class TestSchemathesis(ApiTestBase):
    """Generated requests from api-ref/openapi.json never get a 5xx.

    Buyer and webhook routes are called anonymously, operator routes with
    a real admin token; each operation gets ``EXAMPLES`` valid and
    ``EXAMPLES`` invalid requests (hypothesis, no example database).
    """

    EXAMPLES = 50

    def test_no_server_errors(self):
        import hypothesis
        import schemathesis

        self.price_in_db('f-st')
        with open(OPENAPI) as f:
            schema = schemathesis.openapi.from_dict(json.load(f))
        admin = self.d.token('minicloud-admin')
        ran, failures = [], []
        settings = hypothesis.settings(
            max_examples=self.EXAMPLES, deadline=None, database=None,
            derandomize=True, phases=[hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck))
        started = time.monotonic()
        for result in schema.get_all_operations():
            operation = result.ok()
            secured = 'security' in operation.definition.raw
            headers = {'X-Auth-Token': admin} if secured else {}
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):
                @settings
                @hypothesis.given(case=operation.as_strategy(mode))
                def call(case):
                    response = case.call(base_url=self.d.api_url,
                                         headers=headers, timeout=30)
                    ran.append(operation.label)
                    if response.status_code >= 500:
                        failures.append('%s -> %d %s' % (
                            case.as_curl_command(), response.status_code,
                            response.text[:300]))
                try:
                    call()
                except hypothesis.errors.Unsatisfiable:
                    # NOTE: nothing to make invalid (no parameter, no
                    # body): there is no negative case of this operation.
                    self.assertEqual(schemathesis.GenerationMode.NEGATIVE,
                                     mode)
        elapsed = time.monotonic() - started
        summary = '%d cases over %d operations in %.1f s, %d 5xx' % (
            len(ran), len(set(ran)), elapsed, len(failures))
        print(summary)
        self.addDetail('schemathesis', content.text_content(summary))
        self.assertEqual([], failures, summary)
        self.assertGreater(len(set(ran)), 15, summary)
