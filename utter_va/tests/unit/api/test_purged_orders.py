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

"""The views of an order whose buyer's data was erased."""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.engine import service
from utter_va.tests.unit.api import orders_base


class TestPurgedOrder(orders_base.ApiTestCase):

    def test_views_of_a_purged_order(self):
        orders_base.set_price()
        order = self.placed(callback_url='https://b.example/cb',
                            user_data='#cloud-config\n{}')
        with db_api.writer() as s:
            s.execute(sa.update(models.Order).values(
                state='cancelled', close_reason='cancelled_by_operator',
                closed_at=timeutils.utcnow() - datetime.timedelta(days=8)))
        self.assertEqual(1, service.purge_personal_data())
        path = '/v1/orders/%s' % order['id']
        buyer = self.call('GET', path,
                          headers={'X-Order-Token': order['token']})
        self.assertEqual(200, buyer.status_code, buyer.text)
        self.assertEqual('cancelled', buyer.json['state'])
        operator = self.call('GET', path, persona='admin')
        self.assertEqual(200, operator.status_code, operator.text)
        self.assertEqual((None, None, 'cancelled'), (
            operator.json['client_network'], operator.json['callback_url'],
            operator.json['state']))
        listed = self.call('GET', '/v1/orders', persona='admin')
        self.assertEqual(200, listed.status_code, listed.text)
        self.assertEqual([(order['id'], None)], [
            (o['id'], o['client_network']) for o in listed.json['orders']])
        payments = self.call('GET', path + '/payments', persona='admin')
        self.assertEqual(200, payments.status_code, payments.text)
