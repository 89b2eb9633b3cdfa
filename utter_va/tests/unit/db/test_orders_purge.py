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

"""The buyer's data of closed orders is erased after the retention time."""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import orders as db_orders
from utter_va.engine import service
from utter_va.tests import base
from utter_va.tests import fixtures

DAY = datetime.timedelta(days=1)
BUYER = {'user_data': '#!/bin/sh\necho hi', 'client_network': '192.0.2.0/24',
         'ssh_public_key': 'ssh-ed25519 AAAA buyer@example',
         'callback_url': 'https://buyer.example/cb'}


class TestPersonalDataPurge(base.DbTestCase):

    def setUp(self):
        super().setUp()
        self.now = timeutils.utcnow()

    def order(self, order_id, state='terminated', closed_days_ago=None):
        closed_at = (self.now - closed_days_ago * DAY
                     if closed_days_ago is not None else None)
        fixtures.create_test_order(id=order_id, state=state,
                                   closed_at=closed_at, **BUYER)
        with db_api.writer() as s:
            s.add(models.Refund(order_id=order_id, amount_msat=5000,
                                reason='cancelled_by_operator'))
            for status in ('delivered', 'pending'):
                s.add(models.CallbackDelivery(
                    order_id=order_id, transition_id=1,
                    url=BUYER['callback_url'], event_type='order.x',
                    body='{}', status=status, next_attempt_at=self.now,
                    last_error='HTTPSConnectionPool(host=buyer.example)'))

    def personal(self, order_id):
        order = db_api.order_get(order_id)
        return {k: order[k] for k in BUYER}

    def deliveries(self, order_id):
        with db_api.reader() as s:
            return sorted((d.status, d.url, d.last_error) for d in s.scalars(
                sa.select(models.CallbackDelivery).filter_by(
                    order_id=order_id)))

    def test_closed_orders_are_erased_after_the_retention(self):
        self.order('old', closed_days_ago=8)
        self.order('old-expired', state='expired', closed_days_ago=30)
        self.order('recent', state='cancelled', closed_days_ago=6)
        self.order('live', state='active')
        transitions = db_api.order_transitions('old')
        # The default retention is 7 days.
        self.assertEqual(2, service.purge_personal_data(self.now))
        empty = dict.fromkeys(BUYER)
        self.assertEqual(empty, self.personal('old'))
        self.assertEqual(empty, self.personal('old-expired'))
        self.assertEqual(BUYER, self.personal('recent'))
        self.assertEqual(BUYER, self.personal('live'))
        # The log, the money records and the state stay.
        self.assertEqual(transitions, db_api.order_transitions('old'))
        self.assertEqual([5000], [r['amount_msat'] for r in
                                  db_orders.refunds_of_order('old')])
        self.assertEqual('terminated', db_api.order_get('old')['state'])
        # A delivery still pending keeps its URL; a finished one does not.
        self.assertEqual(
            [('delivered', '', None),
             ('pending', BUYER['callback_url'],
              'HTTPSConnectionPool(host=buyer.example)')],
            self.deliveries('old'))
        self.assertEqual(BUYER['callback_url'],
                         self.deliveries('recent')[0][1])
        self.assertEqual(0, service.purge_personal_data(self.now))
        self.flags(personal_data_retention=5 * 86400, group='orders')
        self.assertEqual(1, service.purge_personal_data(self.now))
        self.assertEqual(empty, self.personal('recent'))

    def test_purges_in_batches(self):
        for i in range(5):
            self.order('o%d' % i, closed_days_ago=10)
        self.assertEqual(5, db_orders.personal_data_purge(
            self.now - DAY, batch_size=2))
        self.assertEqual(0, db_orders.personal_data_purge(self.now))

    def test_retention_is_at_least_an_hour(self):
        self.assertRaises(ValueError, self.flags,
                          personal_data_retention=0, group='orders')
