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

"""Buyers' routes: offers, placing an order, reading it, topping it up."""

import base64
import datetime
import json
import struct

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from utter_va.common import order_token
from utter_va.compute import user_data
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import ledger
from utter_va.payment import fake as payment_fake
from utter_va.tests.unit.api import orders_base

OFFER_FIELDS = {'flavor_id', 'flavor_name', 'vcpus', 'ram_mb', 'disk_gb',
                'images', 'image_url', 'sats_per_hour',
                'units_available'}
INTERNAL = ('client_network', 'callback_url', 'server_id', 'token_hash',
            'transitions', 'refunds', 'boot_attempts', 'ssh_public_key',
            'user_data')


def count(model):
    with db_api.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


class TestOffers(orders_base.ApiTestCase):

    def test_lists_sellable_enabled_offers_only(self):
        orders_base.set_price()
        orders_base.set_price('f-off', 'm1.off', enabled=False)
        orders_base.set_price('f-none', 'm1.none', fit_units=None)
        orders_base.set_price('f-full', 'm1.full', fit_units=0)
        offers = self.call('GET', '/v1/offers').json['offers']
        self.assertEqual([{
            'flavor_id': 'f-small', 'flavor_name': 'm1.small', 'vcpus': 1,
            'ram_mb': 2048, 'disk_gb': 20, 'images': ['cirros'],
            'image_url': None, 'sats_per_hour': 2000,
            'units_available': 10}], offers)
        self.assertEqual(OFFER_FIELDS, set(offers[0]))

    def test_units_available_count_live_holds(self):
        orders_base.set_price(fit_units=3)
        self.placed()
        offer = self.call('GET', '/v1/offers').json['offers'][0]
        self.assertEqual(2, offer['units_available'])

    def test_price_from_the_pricing_driver(self):
        self.flags(utilization_max_multiplier=3.0,
                   utilization_midpoint_units=1, utilization_exponent=1.0,
                   group='pricing')
        orders_base.set_price(pricing_driver='utilization', fit_units=1)
        offer = self.call('GET', '/v1/offers').json['offers'][0]
        # scarcity 1/(1+1) = 0.5: 2000 * (1 + 2 * 0.5)
        self.assertEqual(4000, offer['sats_per_hour'])
        order = self.placed()
        self.assertEqual(4000, order['sats_per_hour'])


class TestPlaceOrder(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()

    def test_place_order(self):
        response = self.place(hours=3, callback_url='https://b.example/cb')
        self.assertEqual(201, response.status_code, response.text)
        order = response.json
        self.assertTrue(uuidutils.is_uuid_like(order['id']))
        self.assertEqual('awaiting_payment', order['state'])
        self.assertEqual('http://localhost/v1/orders/%s' % order['id'],
                         order['url'])
        self.assertEqual(order['url'], response.headers['Location'])
        self.assertEqual(order['url'] + '/topup', order['topup_url'])
        request = order['payment_request']
        self.assertEqual(('order', 6_000_000, 6000),
                         (request['purpose'], request['amount_msat'],
                          request['amount_sats']))
        self.assertTrue(request['address'].startswith('bcrt1qfake'))
        self.assertTrue(request['payment_uri'].startswith('bitcoin:'))
        self.assertTrue(request['expires_at'].endswith('Z'))
        for field in INTERNAL:
            self.assertNotIn(field, order)
        stored = db_api.order_get(order['id'])
        self.assertEqual(order_token.digest(order['token']),
                         stored['token_hash'])
        self.assertEqual((2_000_000, 3, '192.0.2.10/32',
                          'https://b.example/cb', 'm1.small', 'cirros'),
                         (stored['price_msat_per_hour'],
                          stored['hours_requested'],
                          stored['client_network'], stored['callback_url'],
                          stored['flavor_name'], stored['image']))
        requests = db_payments.requests_of_order(order['id'])
        self.assertEqual(['order'], [r['purpose'] for r in requests])
        self.assertEqual(requests[0]['expires_at'], stored['state_deadline'])
        self.assertEqual(['placed by a buyer'], [
            t['cause'] for t in db_api.order_transitions(order['id'])])
        self.engine.order_placed.assert_called_once_with(order['id'])

    def test_flavor_by_id_and_user_data_only(self):
        order = self.placed(flavor='f-small', ssh_public_key=None,
                            user_data='#!/bin/sh\necho hi\n')
        self.assertEqual('m1.small', order['flavor'])
        self.assertEqual('#!/bin/sh\necho hi\n',
                         db_api.order_get(order['id'])['user_data'])

    def test_price_is_fixed_into_the_order(self):
        order = self.placed()
        orders_base.set_price(sats=9000)
        shown = self.call('GET', '/v1/orders/%s' % order['id'], headers={
            'X-Order-Token': order['token']}).json
        self.assertEqual(2000, shown['sats_per_hour'])

    def test_invalid_bodies_name_the_field(self):
        self.flags(maximum_duration_seconds=48 * 3600, group='payment')
        long_key = 'ssh-ed25519 ' + 'A' * 20000
        cases = [
            ({'flavor': None}, 'flavor'),
            ({'image': None}, 'image'),
            ({'hours': None}, 'hours'),
            ({'hours': 0}, 'hours'),
            ({'hours': 'two'}, 'hours'),
            ({'hours': 49}, 'hours'),
            ({'ssh_public_key': 'ssh-dss AAAAB3NzaC1kc3MAAACBAPxxxxxxxx'},
             'ssh_public_key'),
            ({'ssh_public_key': 'not a key at all, not at all, no'},
             'ssh_public_key'),
            ({'ssh_public_key': long_key}, 'ssh_public_key'),
            ({'ssh_public_key': orders_base.SSH_KEY + '\nssh-rsa AAAA'},
             'ssh_public_key'),
            ({'ssh_public_key': None}, 'ssh_public_key'),
            ({'user_data': 'x' * 65537}, 'user_data'),
            ({'callback_url': 'ftp://b.example/cb'}, 'callback_url'),
            ({'callback_url': 'javascript:alert(1)'}, 'callback_url'),
            ({'callback_url': 'x' * 3000}, 'callback_url'),
            ({'extra': 1}, 'extra'),
            ({'image': 'ubuntu'}, 'image'),
        ]
        for values, field in cases:
            response = self.place(**values)
            self.assertEqual(400, response.status_code, values)
            message = response.json['error']['message']
            self.assertIn(field, message, values)
        self.assertEqual(0, count(models.Order))

    def test_below_minimum_purchase(self):
        self.flags(minimum_purchase_seconds=7200, group='payment')
        response = self.place(hours=1)
        self.assertEqual(400, response.status_code)
        self.assertIn('hours: at least 2', response.json['error']['message'])

    def test_not_json(self):
        response = self.app.post('/v1/orders', 'flavor=m1.small',
                                 expect_errors=True)
        self.assertEqual(400, response.status_code)
        self.assertEqual(400, response.json['error']['code'])

    def test_unknown_or_disabled_offer_is_404(self):
        orders_base.set_price('f-off', 'm1.off', enabled=False)
        for flavor in ('m1.nope', 'm1.off', 'f-off'):
            response = self.place(flavor=flavor)
            self.assertEqual(404, response.status_code, flavor)
            self.assertIn(flavor, response.json['error']['message'])

    def test_any_image_when_the_offer_lists_none(self):
        orders_base.set_price(images=())
        self.assertEqual('debian', self.placed(image='debian')['image'])

    def test_sold_out_is_409(self):
        orders_base.set_price(fit_units=1)
        # NOTE: paid: an unpaid order never sells a flavor out.
        ledger.simulate_payment(self.placed()['id'], 4000)
        response = self.place(remote='192.0.2.99')
        self.assertEqual(409, response.status_code)
        self.assertIn('m1.small', response.json['error']['message'])
        orders_base.set_price(fit_units=0)
        self.assertEqual(409, self.place(remote='192.0.2.98').status_code)

    def test_max_units_bounds_what_is_sold(self):
        orders_base.set_price(fit_units=10, max_units=1)
        # NOTE: its payment seen: an unpaid order with none never sells
        # a flavor out.
        ledger.simulate_payment(self.placed()['id'], 4000, status='seen')
        self.assertEqual(409, self.place(remote='192.0.2.99').status_code)

    def test_unpaid_orders_per_client_network_are_capped(self):
        self.flags(max_unpaid_orders_per_client=2, group='api')
        self.flags(unpaid_share_per_flavor=1.0, group='api')
        self.placed()
        self.placed()
        response = self.place()
        self.assertEqual(429, response.status_code)
        self.assertEqual('900', response.headers['Retry-After'])
        self.assertIn('2 unpaid orders', response.json['error']['message'])
        self.assertEqual(2, count(models.Order))
        self.assertEqual(201, self.place(remote='192.0.2.11').status_code)

    def test_an_ipv6_64_is_one_client(self):
        self.flags(max_unpaid_orders_per_client=1, group='api')
        self.placed(remote='2001:db8:1:2::1')
        self.assertEqual(429, self.place(
            remote='2001:db8:1:2:ffff::9').status_code)
        self.assertEqual(201, self.place(
            remote='2001:db8:1:3::1').status_code)

    def test_paid_and_expired_orders_do_not_count_as_unpaid(self):
        self.flags(max_unpaid_orders_per_client=1, group='api')
        first = self.placed()
        ledger.simulate_payment(first['id'], 4000)
        second = self.placed()
        with db_api.writer() as s:
            s.execute(sa.update(models.PaymentRequest).where(
                models.PaymentRequest.order_id == second['id']).values(
                    expires_at=timeutils.utcnow() -
                    datetime.timedelta(seconds=1)))
        self.assertEqual(201, self.place().status_code)

    def test_unpaid_share_per_flavor(self):
        orders_base.set_price(fit_units=4)
        self.flags(unpaid_share_per_flavor=0.5, group='api')
        self.placed(remote='192.0.2.1')
        self.placed(remote='192.0.2.2')
        # The share is full: the oldest unpaid hold gives way.
        self.placed(remote='192.0.2.3')
        self.assertEqual(2, self.units_available())
        ledger.simulate_payment(self.orders()[0], 4000)
        # one unit paid: 3 free, unpaid orders are counted as holding 1
        self.assertEqual(2, self.units_available())
        self.assertEqual(201, self.place(remote='192.0.2.4').status_code)

    def units_available(self):
        return self.call('GET', '/v1/offers').json['offers'][0][
            'units_available']

    def test_the_share_is_at_least_one_unit(self):
        orders_base.set_price(fit_units=1)
        self.flags(unpaid_share_per_flavor=0.0, group='api')
        self.placed()

    def orders(self):
        with db_api.reader() as s:
            return list(s.scalars(sa.select(models.Order.id).order_by(
                models.Order.created_at)))

    def test_idempotency_key_replays_the_order(self):
        headers = {'Idempotency-Key': 'buy-1'}
        first = self.place(headers=headers)
        second = self.place(headers=headers)
        self.assertEqual(201, second.status_code)
        self.assertEqual(first.json, second.json)
        self.assertEqual('true', second.headers['Idempotent-Replayed'])
        self.assertEqual(1, count(models.Order))
        self.assertEqual(1, count(models.PaymentRequest))
        self.assertEqual(422, self.place(headers=headers,
                                         hours=5).status_code)


class TestShowOrder(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed(callback_url='https://b.example/cb')
        self.path = '/v1/orders/%s' % self.order['id']

    def show(self, token=None, persona=None, path=None):
        headers = {'X-Order-Token': token} if token is not None else {}
        return self.call('GET', path or self.path, headers=headers,
                         persona=persona)

    def test_buyer_view(self):
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(
                server_addresses={'net': [{'addr': '10.0.0.5'}]}))
        shown = self.show(self.order['token'])
        self.assertEqual(200, shown.status_code)
        view = shown.json
        self.assertEqual({'id', 'state', 'close_reason', 'flavor',
                          'flavor_id', 'image', 'own_image',
                          'hours_requested',
                          'sats_per_hour', 'paid_sats', 'credited_seconds',
                          'paid_until', 'delete_after',
                          'grace_period_seconds', 'owed_back_sats', 'server',
                          'payment_requests', 'topup_url', 'lnurl',
                          'lightning_address', 'created_at', 'updated_at'},
                         set(view))
        # NOTE: the fake driver has no Lightning, so no LNURL.
        self.assertEqual((None, None),
                         (view['lnurl'], view['lightning_address']))
        self.assertEqual({'net': [{'addr': '10.0.0.5'}]},
                         view['server']['addresses'])
        self.assertEqual([('order', 4000, 'pending', 0)], [
            (r['purpose'], r['amount_sats'], r['status'], r['received_sats'])
            for r in view['payment_requests']])
        ledger.simulate_payment(self.order['id'], 4000)
        view = self.show(self.order['token']).json
        self.assertEqual(('paid', 4000, 7200),
                         (view['state'], view['paid_sats'],
                          view['credited_seconds']))

    def test_public_url_makes_the_topup_url(self):
        self.flags(public_url='https://sales.example.com/', group='api')
        view = self.show(self.order['token']).json
        self.assertEqual('https://sales.example.com/v1/orders/%s/topup'
                         % self.order['id'], view['topup_url'])

    def test_wrong_or_missing_token_is_the_404_of_a_missing_order(self):
        other = uuidutils.generate_uuid()
        missing = self.show(self.order['token'],
                            path='/v1/orders/%s' % other)
        self.assertEqual(404, missing.status_code)
        expected = missing.text.replace(other, self.order['id'])
        for token in ('', 'wrong', self.order['token'][:-1],
                      self.placed()['token'], None):
            response = self.show(token)
            self.assertEqual(404, response.status_code, token)
            self.assertEqual(expected, response.text, token)
            self.assertEqual(missing.headers['Content-Type'],
                             response.headers['Content-Type'])

    def test_operator_view_with_a_keystone_token(self):
        for persona in ('admin', 'reader'):
            view = self.show(persona=persona).json
            self.assertEqual(('192.0.2.10/32', 'https://b.example/cb', 0),
                             (view['client_network'], view['callback_url'],
                              view['boot_attempts']))
            self.assertEqual([(None, 'awaiting_payment')], [
                (t['from_state'], t['to_state'])
                for t in view['transitions']])
            self.assertEqual([], view['refunds'])
        self.assertEqual(403, self.show(persona='member').status_code)
        self.assertEqual(404, self.show(
            persona='admin', path='/v1/orders/%s' %
            uuidutils.generate_uuid()).status_code)


class TestTopup(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed()
        self.path = '/v1/orders/%s/topup' % self.order['id']
        self.headers = {'X-Order-Token': self.order['token']}

    def topup(self, hours=3, headers=None):
        return self.call('POST', self.path, {'hours': hours},
                         headers=self.headers if headers is None
                         else headers)

    def test_unpaid_order_cannot_be_topped_up(self):
        response = self.topup()
        self.assertEqual(409, response.status_code)
        self.assertIn('pay its payment request first',
                      response.json['error']['message'])

    def test_topup_at_the_fixed_price(self):
        ledger.simulate_payment(self.order['id'], 4000)
        orders_base.set_price(sats=5000)
        for state in ('paid', 'booting', 'active', 'suspended'):
            with db_api.writer() as s:
                s.execute(sa.update(models.Order).values(state=state))
                # NOTE: the previous top-up's request has expired; a live
                # one of the same amount would be given again.
                s.execute(sa.update(models.PaymentRequest).where(
                    models.PaymentRequest.purpose == 'topup').values(
                        expires_at=timeutils.utcnow() -
                        datetime.timedelta(seconds=1)))
            response = self.topup()
            self.assertEqual(201, response.status_code, response.text)
            request = response.json['payment_request']
            self.assertEqual(('topup', 6000, 'pending'),
                             (request['purpose'], request['amount_sats'],
                              request['status']))
        requests = db_payments.requests_of_order(self.order['id'])
        self.assertEqual(['order'] + ['topup'] * 4,
                         [r['purpose'] for r in requests])

    def test_closed_orders_are_409(self):
        for state in ('terminated', 'expired', 'failed', 'cancelled'):
            with db_api.writer() as s:
                s.execute(sa.update(models.Order).values(state=state))
            response = self.topup()
            self.assertEqual(409, response.status_code, state)
            self.assertIn('closed', response.json['error']['message'])

    def test_wrong_token_is_404_and_creates_nothing(self):
        for headers in ({}, {'X-Order-Token': 'nope'}):
            self.assertEqual(404, self.topup(headers=headers).status_code)
        self.assertEqual(1, count(models.PaymentRequest))

    def test_hours_are_validated(self):
        ledger.simulate_payment(self.order['id'], 4000)
        self.flags(maximum_duration_seconds=10 * 3600, group='payment')
        for hours in (0, -1, 'x', 9):
            response = self.topup(hours)
            self.assertEqual(400, response.status_code, hours)
            self.assertIn('hours:', response.json['error']['message'])
        self.assertEqual(201, self.topup(8).status_code)

    def test_idempotency_key(self):
        ledger.simulate_payment(self.order['id'], 4000)
        headers = dict(self.headers, **{'Idempotency-Key': 't-1'})
        first = self.topup(headers=headers)
        second = self.topup(headers=headers)
        self.assertEqual(first.json, second.json)
        self.assertEqual(2, count(models.PaymentRequest))


class TestConsole(orders_base.ApiTestCase):

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed()
        self.path = '/v1/orders/%s/console' % self.order['id']
        self.headers = {'X-Order-Token': self.order['token']}
        self.nova = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.nova.NovaClient')).mock.return_value
        self.nova.console_output.return_value = 'login: '

    def test_console_of_a_running_server(self):
        self.assertEqual(409, self.call('GET', self.path,
                                        headers=self.headers).status_code)
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(state='active',
                                                     server_id='srv-1'))
        shown = self.call('GET', self.path + '?length=20',
                          headers=self.headers)
        self.assertEqual(200, shown.status_code, shown.text)
        self.assertEqual('login: ', shown.json['output'])
        self.nova.console_output.assert_called_once_with('srv-1', 20)
        for length in ('0', 'x', '1001'):
            response = self.call('GET', self.path + '?length=' + length,
                                 headers=self.headers)
            self.assertEqual(400, response.status_code, length)
            self.assertIn('length:', response.json['error']['message'])

    def test_wrong_token_is_404(self):
        for headers in ({}, {'X-Order-Token': 'nope'}):
            self.assertEqual(404, self.call('GET', self.path,
                                            headers=headers).status_code)
        self.nova.console_output.assert_not_called()


def _key_line(key_type, blob, comment='buyer@example'):
    return ' '.join(p for p in (key_type, base64.b64encode(blob).decode(),
                                comment) if p)


def _sshstr(data):
    return struct.pack('>I', len(data)) + data


def _public_key(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()


class TestIdempotencySecurity(orders_base.ApiTestCase):
    """Issue 13, item 3: keys bound to their caller, no token in clear."""

    def setUp(self):
        super().setUp()
        orders_base.set_price()

    def rows(self):
        with db_api.reader() as s:
            return [r.to_dict() for r in s.scalars(
                sa.select(models.IdempotencyKey))]

    def test_order_token_is_never_stored_in_clear(self):
        headers = {'Idempotency-Key': 'buy-secret-1'}
        first = self.place(headers=headers)
        self.assertEqual(201, first.status_code, first.text)
        [row] = self.rows()
        self.assertNotIn(first.json['token'], row['response_body'])
        self.assertNotIn('buy-secret-1', (row['key'], row['scope']))
        self.assertNotIn(orders_base.BUYER, row['scope'])
        again = self.place(headers=headers)
        self.assertEqual(first.json['token'], again.json['token'])
        self.assertEqual('true', again.headers['Idempotent-Replayed'])

    def test_a_key_is_bound_to_the_client_network(self):
        headers = {'Idempotency-Key': 'buy-1'}
        first = self.placed(headers=headers)
        other = self.place(headers=headers, remote='198.51.100.7')
        self.assertEqual(201, other.status_code, other.text)
        self.assertNotIn('Idempotent-Replayed', other.headers)
        self.assertNotEqual(first['id'], other.json['id'])
        self.assertNotEqual(first['token'], other.json['token'])
        self.assertEqual(2, count(models.Order))

    def test_topup_checks_the_token_before_the_key(self):
        order = self.placed()
        ledger.simulate_payment(order['id'], 4000)
        path = '/v1/orders/%s/topup' % order['id']
        key = {'Idempotency-Key': 't-1'}
        # A stranger who guessed the key first claims nothing...
        for token in (None, 'wrong'):
            headers = dict(key)
            if token:
                headers['X-Order-Token'] = token
            response = self.call('POST', path, {'hours': 3}, headers=headers)
            self.assertEqual(404, response.status_code, token)
        self.assertEqual([], self.rows())
        # ...the buyer's request runs...
        mine = dict(key, **{'X-Order-Token': order['token']})
        first = self.call('POST', path, {'hours': 3}, headers=mine)
        self.assertEqual(201, first.status_code, first.text)
        self.assertNotIn('Idempotent-Replayed', first.headers)
        # ...and the stranger still gets no answer from the cache.
        for headers in (key, dict(key, **{'X-Order-Token': 'wrong'})):
            response = self.call('POST', path, {'hours': 3}, headers=headers)
            self.assertEqual(404, response.status_code)
            self.assertNotIn('payment_request', response.text)
        replay = self.call('POST', path, {'hours': 3}, headers=mine)
        self.assertEqual(first.json, replay.json)
        self.assertEqual('true', replay.headers['Idempotent-Replayed'])


class TestPublicImagesOnly(orders_base.ApiTestCase):
    """Issue 13, item 4: no image list means the public images only."""

    def setUp(self):
        super().setUp()
        orders_base.set_price(images=())

    def test_private_shared_and_community_images_are_refused(self):
        for image in ('service-snapshot', 'shared-image', 'community-image',
                      '33333333-3333-4333-8333-333333333333', 'nope'):
            response = self.place(image=image)
            self.assertEqual(400, response.status_code, image)
            message = response.json['error']['message']
            self.assertIn('image: %s' % image, message)
        self.assertEqual(0, count(models.Order))
        self.assertEqual(0, count(models.PaymentRequest))

    def test_public_images_by_name_or_id(self):
        self.assertEqual('debian', self.placed(image='debian')['image'])
        by_id = '11111111-1111-4111-8111-111111111111'
        self.assertEqual(by_id, self.placed(image=by_id)['image'])
        self.assertIn(('/v2/images', {'name': 'debian', 'status': 'active',
                                      'visibility': 'public'}),
                      self.glance.calls)

    def test_listed_images_are_not_looked_up(self):
        orders_base.set_price(images=('service-snapshot',))
        self.placed(image='service-snapshot')
        self.assertEqual([], self.glance.calls)


class TestTopupRequests(orders_base.ApiTestCase):
    """Issue 13, item 5: few live payment requests, a live one reused."""

    def setUp(self):
        super().setUp()
        orders_base.set_price()
        self.order = self.placed()
        ledger.simulate_payment(self.order['id'], 4000)
        self.path = '/v1/orders/%s/topup' % self.order['id']
        self.headers = {'X-Order-Token': self.order['token']}
        self.driver = self.useFixture(fixtures.MockPatch(
            'utter_va.payment.fake.FakeDriver.create_request',
            autospec=True,
            side_effect=payment_fake.FakeDriver.create_request)).mock

    def topup(self, hours):
        return self.call('POST', self.path, {'hours': hours},
                         headers=self.headers)

    def test_a_live_request_of_the_same_amount_is_reused(self):
        first = self.topup(3)
        self.assertEqual(201, first.status_code, first.text)
        again = self.topup(3)
        self.assertEqual(200, again.status_code, again.text)
        self.assertEqual(first.json, again.json)
        self.assertEqual(1, self.driver.call_count)
        self.assertEqual(2, count(models.PaymentRequest))

    def test_live_requests_per_order_are_capped(self):
        self.flags(max_live_requests_per_order=3, group='payment')
        # The order's own request is live too: two top-ups fill the cap.
        self.assertEqual(201, self.topup(1).status_code)
        self.assertEqual(201, self.topup(2).status_code)
        refused = self.topup(4)
        self.assertEqual(429, refused.status_code, refused.text)
        self.assertIn('3 live payment requests',
                      refused.json['error']['message'])
        self.assertLessEqual(int(refused.headers['Retry-After']), 901)
        self.assertEqual(2, self.driver.call_count)
        self.assertEqual(3, count(models.PaymentRequest))
        with db_api.writer() as s:
            s.execute(sa.update(models.PaymentRequest).where(
                models.PaymentRequest.purpose == 'order').values(
                    expires_at=timeutils.utcnow() -
                    datetime.timedelta(seconds=1)))
        self.assertEqual(201, self.topup(4).status_code)

    def test_a_partly_paid_request_is_not_reused(self):
        first = self.topup(3)
        with db_api.writer() as s:
            s.execute(sa.update(models.PaymentRequest).where(
                models.PaymentRequest.purpose == 'topup').values(
                    received_msat=1000))
        again = self.topup(3)
        self.assertEqual(201, again.status_code)
        self.assertNotEqual(first.json['payment_request']['address'],
                            again.json['payment_request']['address'])


class TestConsoleOfAGoneServer(orders_base.ApiTestCase):
    """Issue 13, item 6: a generic 404, never Nova's message."""

    def test_gone_server_is_a_generic_404(self):
        orders_base.set_price()
        order = self.placed()
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(
                state='active', server_id='srv-secret-1'))
        nova = self.useFixture(fixtures.MockPatch(
            'utter_va.compute.nova.NovaClient')).mock.return_value
        nova.console_output.side_effect = exception.CloudResourceNotFound(
            service='Nova', reason='Instance srv-secret-1 could not be '
            'found. (HTTP 404) (Request-ID: req-0123)')
        response = self.call('GET', '/v1/orders/%s/console' % order['id'],
                             headers={'X-Order-Token': order['token']})
        self.assertEqual(404, response.status_code)
        for leak in ('srv-secret-1', 'Nova', 'Request-ID', 'Instance'):
            self.assertNotIn(leak, response.text)


class TestKeysAndUserData(orders_base.ApiTestCase):
    """Issue 13, item 7: strict keys, Nova's size, no NUL or surrogate."""

    def setUp(self):
        super().setUp()
        orders_base.set_price()

    def test_ssh_keys_are_parsed_strictly(self):
        ed25519_blob = _sshstr(b'ssh-ed25519') + _sshstr(b'k' * 32)
        good = _key_line('ssh-ed25519', ed25519_blob)
        refused = [
            good + '\u2028runcmd: [touch /tmp/pwned]',
            good + '\u2029x', good + '\x85x', good + '\tx', good + '\x1bx',
            good + '\u200ex',
            _key_line('ssh-rsa', ed25519_blob),
            _key_line('ssh-ed25519', ed25519_blob + b'trailing'),
            _key_line('ssh-ed25519', _sshstr(b'ssh-ed25519') +
                      _sshstr(b'short')),
            _public_key(ec.generate_private_key(ec.SECP256R1())).rstrip('='),
            'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDyB5a2V1xB0a0ZWb3k4YV9lIHRl'
            'c3Qga2V5IGZvciB1dHRlci12YQ buyer@example',
            _key_line('ssh-ed25519', b'\x00' * 60),
            'ssh-ed25519 ' + base64.b64encode(ed25519_blob).decode()[:-4] +
            '!!!! x',
            good + ' ' + 'c' * 300,
        ]
        for key in refused:
            response = self.place(ssh_public_key=key)
            self.assertEqual(400, response.status_code, repr(key))
            self.assertIn('ssh_public_key', response.json['error']['message'],
                          repr(key))
        self.assertEqual(0, count(models.Order))
        self.flags(unpaid_share_per_flavor=1.0, group='api')
        accepted = [
            good, good + ' with spaces',
            _public_key(ec.generate_private_key(ec.SECP256R1())),
            _public_key(ec.generate_private_key(ec.SECP521R1())),
            _public_key(rsa.generate_private_key(65537, 2048)) + ' rsa@x',
            _key_line('sk-ssh-ed25519@openssh.com',
                      _sshstr(b'sk-ssh-ed25519@openssh.com') +
                      _sshstr(b'k' * 32) + _sshstr(b'ssh:')),
        ]
        for index, key in enumerate(accepted):
            response = self.place(ssh_public_key=key + '\n',
                                  remote='192.0.2.%d' % (50 + index))
            self.assertEqual(201, response.status_code, response.text)
            self.assertEqual(key, db_api.order_get(
                response.json['id'])['ssh_public_key'])

    def test_user_data_is_limited_as_nova_counts_it(self):
        def script(size):
            return '#!/bin/sh\n' + 'x' * size

        def as_nova_counts(data):
            built = user_data.build(orders_base.SSH_KEY, data)
            return len(base64.b64encode(built.encode('utf-8')))

        # Under the schema's 65536 characters, over Nova's 65535 bytes.
        too_big = self.place(user_data=script(60000))
        self.assertEqual(400, too_big.status_code)
        message = too_big.json['error']['message']
        self.assertIn('user_data', message)
        self.assertIn('65535', message)
        self.assertEqual(0, count(models.Order))
        size = 49152
        while as_nova_counts(script(size)) > 65535:
            size -= 1
        self.placed(user_data=script(size))
        self.assertEqual(400, self.place(user_data=script(size + 3),
                                         remote='192.0.2.77').status_code)

    def test_nul_and_lone_surrogates_are_400(self):
        cases = [({'flavor': 'm1.small\x00'}, 'flavor'),
                 ({'image': '\ud800'}, 'image'),
                 ({'user_data': '#!/bin/sh\n\udfff'}, 'user_data'),
                 ({'callback_url': 'https://b.example/\x00'}, 'callback_url'),
                 ({'ssh_public_key': orders_base.SSH_KEY + '\x00'},
                  'ssh_public_key'),
                 ({'\ud800': 1}, '(body)')]
        for values, field in cases:
            body = self.order_body(**values)
            response = self.app.post(
                '/v1/orders', json.dumps(body),
                content_type='application/json', expect_errors=True,
                extra_environ={'REMOTE_ADDR': orders_base.BUYER},
                headers={'Idempotency-Key': field})
            self.assertEqual(400, response.status_code, values)
            self.assertIn(field, response.json['error']['message'], values)
        self.assertEqual(0, count(models.Order))


class TestPublicUrlFromConfiguration(orders_base.ApiTestCase):
    """Issue 13, item 8: never the request's Host header."""

    def test_urls_never_come_from_the_host_header(self):
        orders_base.set_price()
        for public_url, base in ((None, 'http://127.0.0.1:9870'),
                                 ('https://sales.example.com/',
                                  'https://sales.example.com')):
            self.flags(public_url=public_url, group='api')
            response = self.place(headers={'Host': 'evil.example'},
                                  remote='192.0.2.%d' % len(base))
            self.assertEqual(201, response.status_code, response.text)
            order = response.json
            url = '%s/v1/orders/%s' % (base, order['id'])
            self.assertEqual(url, order['url'])
            self.assertEqual(url, response.headers['Location'])
            self.assertEqual(url + '/topup', order['topup_url'])
            shown = self.call('GET', '/v1/orders/%s' % order['id'],
                              headers={'Host': 'evil.example',
                                       'X-Order-Token': order['token']})
            self.assertEqual(url + '/topup', shown.json['topup_url'])
