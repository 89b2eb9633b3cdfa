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

"""Operator routes of orders and the price preview: behaviour and RBAC."""

import datetime
import urllib.parse

import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va import exception
from utter_va.orders import ledger
from utter_va.tests.unit.api import orders_base

MISSING = uuidutils.generate_uuid()

# (method, path, no token, member, reader, admin). The member persona
# here has the member role only (no implied reader). Without a token,
# GET /v1/orders/{id} is the buyer's route: without an order token it is
# the 404 of a missing order. {id} is an order of the test.
ROUTES = [
    ('GET', '/v1/orders', 401, 403, 200, 200),
    ('GET', '/v1/orders/{id}', 404, 403, 200, 200),
    ('GET', '/v1/orders/{id}/payments', 401, 403, 200, 200),
    ('GET', '/v1/prices/f-small/preview?hours=2', 401, 403, 200, 200),
    ('POST', '/v1/orders/{id}/cancel', 401, 403, 403, 200),
    ('POST', '/v1/orders/{id}/terminate', 401, 403, 403, 200),
]


class TestOrderAdmin(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.close = self.useFixture(fixtures.MockPatch(
            'utter_va.orders.closing.close_by_operator')).mock
        self.close.side_effect = lambda order_id, target, actor: dict(
            db_api.order_get(order_id), state=target)

    def test_list_filters_and_pages(self):
        self.flags(max_unpaid_orders_per_client=10, group='api')
        ids = [self.placed()['id'] for _ in range(5)]
        now = timeutils.utcnow()
        with db_api.writer() as s:
            for age, order_id in enumerate(reversed(ids)):
                s.execute(sa.update(models.Order).where(
                    models.Order.id == order_id).values(
                        created_at=now - datetime.timedelta(hours=age)))
        ledger.simulate_payment(ids[0], 4000)
        listed = self.call('GET', '/v1/orders', persona='reader').json
        self.assertEqual(list(reversed(ids)),
                         [o['id'] for o in listed['orders']])
        self.assertNotIn('next', listed)
        self.assertEqual('192.0.2.10/32',
                         listed['orders'][0]['client_network'])
        seen, path = [], '/v1/orders?limit=2&flavor=m1.small'
        while path:
            page = self.call('GET', path, persona='reader').json
            seen += [o['id'] for o in page['orders']]
            path = page.get('next')
            if path:
                parts = urllib.parse.urlsplit(path)
                self.assertEqual('http://localhost',
                                 '%s://%s' % (parts.scheme, parts.netloc))
                self.assertIn('flavor=m1.small', parts.query)
                path = '%s?%s' % (parts.path, parts.query)
        self.assertEqual(list(reversed(ids)), seen)
        paid = self.call('GET', '/v1/orders?state=paid', persona='reader')
        self.assertEqual([ids[0]], [o['id'] for o in paid.json['orders']])
        since = (now - datetime.timedelta(minutes=90)).isoformat() + 'Z'
        recent = self.call('GET', '/v1/orders?' + urllib.parse.urlencode(
            {'since': since}), persona='reader').json['orders']
        self.assertEqual(list(reversed(ids))[:2], [o['id'] for o in recent])
        self.assertEqual([], self.call(
            'GET', '/v1/orders?flavor=m1.other',
            persona='reader').json['orders'])

    def test_list_refuses_bad_queries(self):
        for query, field in (('state=dancing', 'state'),
                             ('limit=0', 'limit'), ('limit=x', 'limit'),
                             ('limit=1001', 'limit'),
                             ('since=yesterday', 'since'),
                             ('since=0001-01-01T00:00:00%2B05:00', 'since'),
                             ('marker=%s' % MISSING, 'marker')):
            response = self.call('GET', '/v1/orders?' + query,
                                 persona='admin')
            self.assertEqual(400, response.status_code, query)
            self.assertIn(field + ':', response.json['error']['message'])

    def test_cancel_and_terminate(self):
        order_id = self.placed()['id']
        for action, target in (('cancel', 'cancelled'),
                               ('terminate', 'terminated')):
            response = self.call('POST', '/v1/orders/%s/%s' % (
                order_id, action), persona='admin')
            self.assertEqual(200, response.status_code, response.text)
            self.assertEqual(target, response.json['state'])
            self.close.assert_called_with(order_id, target, actor='u-admin')
            self.engine.order_closed.assert_called_with(order_id)

    def test_close_errors(self):
        order_id = self.placed()['id']
        self.close.side_effect = exception.InvalidStateTransition(
            order_id=order_id, current='expired', target='cancelled')
        response = self.call('POST', '/v1/orders/%s/cancel' % order_id,
                             persona='admin')
        self.assertEqual(409, response.status_code)
        self.assertIn('expired', response.json['error']['message'])
        self.close.side_effect = exception.OrderNotFound(order_id=MISSING)
        self.assertEqual(404, self.call(
            'POST', '/v1/orders/%s/terminate' % MISSING,
            persona='admin').status_code)
        self.engine.order_closed.assert_not_called()

    def test_payments_of_an_order(self):
        order_id = self.placed()['id']
        ledger.simulate_payment(order_id, 4000, money_key='m-1')
        ledger.simulate_payment(order_id, 10_000_000, money_key='m-2')
        shown = self.call('GET', '/v1/orders/%s/payments' % order_id,
                          persona='reader').json
        self.assertEqual(['order'], [r['purpose']
                                     for r in shown['payment_requests']])
        self.assertEqual(['m-1', 'm-2'],
                         [p['money_key'] for p in shown['payments']])
        self.assertEqual(['beyond the maximum duration'],
                         [r['reason'] for r in shown['refunds']])
        self.assertEqual(404, self.call(
            'GET', '/v1/orders/%s/payments' % MISSING,
            persona='reader').status_code)

    def test_preview(self):
        preview = self.call('GET', '/v1/prices/f-small/preview?hours=5',
                            persona='reader').json
        self.assertEqual({'flavor_id': 'f-small', 'flavor_name': 'm1.small',
                          'enabled': True, 'pricing_driver': 'fixed',
                          'base_sats_per_hour': 2000, 'sats_per_hour': 2000,
                          'hours': 5, 'total_sats': 10000,
                          'units_available': 10}, preview)
        self.assertEqual(1, self.call('GET', '/v1/prices/f-small/preview',
                                      persona='reader').json['hours'])
        for hours in ('0', 'x', '100000'):
            response = self.call('GET', '/v1/prices/f-small/preview?hours='
                                 + hours, persona='reader')
            self.assertEqual(400, response.status_code, hours)
            self.assertIn('hours:', response.json['error']['message'])
        self.assertEqual(404, self.call(
            'GET', '/v1/prices/f-none/preview', persona='reader').status_code)

    def test_rbac_matrix(self):
        order_id = self.placed()['id']
        for method, path, *expected_answers in ROUTES:
            path = path.format(id=order_id)
            for persona, expected in zip((None, 'member', 'reader', 'admin'),
                                         expected_answers):
                response = self.call(method, path, persona=persona)
                self.assertEqual(expected, response.status_code,
                                 (method, path, persona, response.text))


class TestCloseForReal(orders_base.ApiTestCase):
    """Cancel and terminate through the engine's own closing code."""

    def test_cancel_then_terminate_is_409(self):
        orders_base.set_price()
        order_id = self.placed()['id']
        response = self.call('POST', '/v1/orders/%s/cancel' % order_id,
                             persona='admin')
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual('cancelled', response.json['state'])
        self.assertEqual([('awaiting_payment', 'cancelled', 'u-admin')], [
            (t['from_state'], t['to_state'], t['actor'])
            for t in response.json['transitions'][1:]])
        again = self.call('POST', '/v1/orders/%s/terminate' % order_id,
                          persona='admin')
        self.assertEqual(409, again.status_code)
        self.assertEqual(404, self.call(
            'POST', '/v1/orders/%s/cancel' % MISSING,
            persona='admin').status_code)
