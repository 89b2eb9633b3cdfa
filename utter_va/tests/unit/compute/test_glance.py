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

"""Tests of the Glance client: which images an order may boot."""

from utter_va.compute import glance
from utter_va import exception
from utter_va.tests import base
from utter_va.tests.unit.compute import fake_glance

PUBLIC_ID = '11111111-1111-4111-8111-111111111111'
PRIVATE_ID = '33333333-3333-4333-8333-333333333333'


class TestImageId(base.TestCase):

    def setUp(self):
        super().setUp()
        self.adapter = fake_glance.FakeGlanceAdapter([
            fake_glance.image(PUBLIC_ID, 'cirros'),
            fake_glance.image(PRIVATE_ID, 'snap', visibility='private'),
            fake_glance.image('66666666-6666-4666-8666-666666666666',
                              'cirros', visibility='private')])
        self.glance = glance.GlanceClient(self.adapter)

    def test_public_only_finds_public_images_by_name_or_id(self):
        self.assertEqual(PUBLIC_ID,
                         self.glance.image_id('cirros', public_only=True))
        self.assertEqual(PUBLIC_ID,
                         self.glance.image_id(PUBLIC_ID, public_only=True))
        self.assertEqual({'name': 'cirros', 'status': 'active',
                          'visibility': 'public'}, self.adapter.calls[0][1])

    def test_public_only_refuses_private_images_and_snapshots(self):
        for image in ('snap', PRIVATE_ID, 'missing'):
            self.assertRaises(exception.CloudResourceNotFound,
                              self.glance.image_id, image, public_only=True)

    def test_without_public_only_any_visible_image(self):
        self.assertEqual(PRIVATE_ID, self.glance.image_id('snap'))
        self.assertRaises(exception.CloudResourceNotFound,
                          self.glance.image_id, 'cirros')
