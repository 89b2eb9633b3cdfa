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

"""Joining, the operator's decisions and the clouds' public pages."""

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool import exception
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes
from utter_protocol import signing


class TestJoin(base.TestCase):

    def test_a_new_cloud_is_pending_then_known(self):
        cloud = fakes.FakeCloud()
        response = self.client.post('/v1/clouds', json=cloud.join())
        self.assertEqual(202, response.status_code)
        self.assertEqual({'cloud': cloud.id, 'status': 'pending'},
                         response.get_json())
        again = self.client.post('/v1/clouds', json=cloud.join())
        self.assertEqual(200, again.status_code)
        self.assertEqual('pending', again.get_json()['status'])

    def test_auto_approve(self):
        self.config.config(group='pool', auto_approve=True)
        response = self.client.post('/v1/clouds',
                                    json=fakes.FakeCloud().join())
        self.assertEqual('approved', response.get_json()['status'])

    def test_a_pending_cloud_may_change_its_fields_an_approved_not(self):
        cloud = fakes.FakeCloud()
        self.client.post('/v1/clouds', json=cloud.join())
        self.client.post('/v1/clouds', json=cloud.join(name='Renamed'))
        self.assertEqual('Renamed', db_clouds.get(cloud.id)['name'])
        db_clouds.set_status(cloud.id, 'approved', timeutils.utcnow())
        before = self.snapshot()
        self.assertEqual(200, self.client.post(
            '/v1/clouds', json=cloud.join(name='Again')).status_code)
        self.assertEqual(before, self.snapshot())

    def test_a_join_signed_by_another_key_is_refused(self):
        cloud, other = fakes.FakeCloud(), fakes.FakeCloud()
        before = self.snapshot()
        self.assertError(self.client.post(
            '/v1/clouds', json=other.sign(cloud.join()['document'])), 403)
        self.assertEqual(before, self.snapshot())

    def test_a_join_naming_another_cloud_is_refused(self):
        cloud = fakes.FakeCloud()
        document = cloud.join()['document']
        document['cloud'] = 'a' * 64
        self.assertError(self.client.post(
            '/v1/clouds', json=cloud.sign(document)), 400, 'cloud')

    def test_an_offers_document_is_not_a_join(self):
        cloud = fakes.FakeCloud()
        self.assertError(self.client.post('/v1/clouds', json=cloud.offers()),
                         400, 'join')


class TestShow(base.TestCase):

    def setUp(self):
        super().setUp()
        self.a, self.b = fakes.FakeCloud('A'), fakes.FakeCloud('B')
        for cloud in (self.a, self.b):
            self.client.post('/v1/clouds', json=cloud.join())
        db_clouds.set_status(self.a.id, 'approved', timeutils.utcnow())

    def test_list_shows_approved_clouds_with_their_key(self):
        clouds = self.client.get('/v1/clouds').get_json()['clouds']
        self.assertEqual([self.a.id], [c['id'] for c in clouds])
        self.assertEqual(self.a.public_key, clouds[0]['public_key'])
        self.assertEqual(self.a.id,
                         signing.cloud_id(clouds[0]['public_key']))

    def test_show_has_keys_last_accepted_and_reliability(self):
        self.client.post('/v1/documents', json=self.a.offers(sequence=7))
        cloud = self.client.get('/v1/clouds/' + self.a.id).get_json()[
            'cloud']
        self.assertEqual('approved', cloud['status'])
        self.assertEqual([self.a.public_key],
                         [k['key'] for k in cloud['public_keys']])
        self.assertEqual(7, cloud['last_accepted']['offers']['sequence'])
        self.assertEqual(0, cloud['reliability']['orders_paid'])
        self.assertEqual(30, cloud['reliability']['window_days'])

    def test_show_a_pending_cloud_and_an_unknown_one(self):
        cloud = self.client.get('/v1/clouds/' + self.b.id).get_json()
        self.assertEqual('pending', cloud['cloud']['status'])
        self.assertError(self.client.get('/v1/clouds/' + 'f' * 64), 404)

    def test_suspending_removes_the_offers(self):
        self.client.post('/v1/documents', json=self.a.offers())
        self.assertEqual(1, len(self.client.get('/v1/offers').get_json()[
            'offers']))
        db_clouds.set_status(self.a.id, 'suspended', timeutils.utcnow())
        self.assertEqual([], self.client.get('/v1/offers').get_json()[
            'offers'])

    def test_unknown_status(self):
        self.assertRaises(exception.Invalid, db_clouds.set_status,
                          self.a.id, 'nope', timeutils.utcnow())
