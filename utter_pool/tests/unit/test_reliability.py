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

"""Reliability figures from order events, computed by hand."""

import datetime

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.db import reliability
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes

T0 = datetime.datetime(2026, 11, 20, 12, 0)


def at(minutes):
    return T0 + datetime.timedelta(minutes=minutes)


class TestFigures(base.TestCase):

    def setUp(self):
        super().setUp()
        timeutils.set_time_override(T0 + datetime.timedelta(days=1))
        self.cloud = fakes.FakeCloud()
        self.config.config(group='pool', auto_approve=True)
        self.client.post('/v1/clouds', json=self.cloud.join())
        # NOTE: the fake signs documents issued now; the pool's clock is
        # overridden to a day after T0, and "now" is after that.
        self.config.config(group='pool', reliability_window=30)

    def publish(self, *events):
        response = self.client.post('/v1/documents',
                                    json=self.cloud.events(*events))
        self.assertEqual(202, response.status_code, response.data)

    def figures(self):
        return self.client.get('/v1/clouds/' + self.cloud.id).get_json()[
            'cloud']['reliability']

    def test_five_orders(self):
        # o1: paid, active after 60 s, terminated at paid time over.
        # o2: paid, active after 180 s, terminated (buyer).
        # o3: paid, failed.
        # o4: paid, active after 120 s, still running.
        # o5: paid, nothing yet.
        # o6: never paid (expired): not counted.
        self.publish(
            fakes.event('o1', 'paid', at(0)),
            fakes.event('o1', 'active', at(1)),
            fakes.event('o2', 'paid', at(10)),
            fakes.event('o2', 'active', at(13)),
            fakes.event('o3', 'paid', at(20)),
            fakes.event('o3', 'failed', at(25), 'boot_failed'),
            fakes.event('o4', 'paid', at(30)),
            fakes.event('o4', 'active', at(32)),
            fakes.event('o5', 'paid', at(40)),
            fakes.event('o6', 'expired', at(50), 'unpaid'))
        self.publish(
            fakes.event('o1', 'terminated', at(100), 'paid_time_over'),
            fakes.event('o2', 'terminated', at(110), 'buyer_terminated'),
            # A repeat of a reported event changes nothing.
            fakes.event('o1', 'active', at(1)))
        figures = self.figures()
        self.assertEqual(5, figures['orders_paid'])
        self.assertEqual(0.6, figures['active_share'])        # o1 o2 o4
        self.assertEqual(120.0, figures['median_seconds_to_active'])
        # Closed: o1 (paid time over), o2 (terminated), o3 (failed).
        self.assertEqual(round(1 / 3, 6), figures['failure_share'])
        self.assertEqual(round(1 / 3, 6), figures['paid_time_over_share'])

    def test_the_window_slides(self):
        self.publish(fakes.event('o1', 'paid', at(0)),
                     fakes.event('o1', 'active', at(1)))
        self.assertEqual(1, self.figures()['orders_paid'])
        timeutils.set_time_override(T0 + datetime.timedelta(days=31))
        self.publish(fakes.event('o2', 'paid', at(60 * 24 * 30 + 10)))
        figures = self.figures()
        self.assertEqual(1, figures['orders_paid'])
        self.assertEqual(0.0, figures['active_share'])
        self.assertIsNone(figures['median_seconds_to_active'])

    def test_no_orders(self):
        self.assertEqual({'orders_paid': 0, 'active_share': None,
                          'median_seconds_to_active': None,
                          'failure_share': None,
                          'paid_time_over_share': None},
                         reliability.figures([]))

    def test_search_filters_and_sorts_on_reliability(self):
        other = fakes.FakeCloud('B')
        self.client.post('/v1/clouds', json=other.join())
        for cloud, price in ((self.cloud, 2000), (other, 1000)):
            self.client.post('/v1/documents', json=cloud.offers(
                fakes.flavor(sats_per_hour=price)))
        self.publish(fakes.event('o1', 'paid', at(0)),
                     fakes.event('o1', 'active', at(2)))
        # B: one paid order that never became active.
        response = self.client.post('/v1/documents', json=other.events(
            fakes.event('x1', 'paid', at(0))))
        self.assertEqual(202, response.status_code)

        def clouds(query):
            return [o['cloud']['id'] for o in self.client.get(
                '/v1/offers' + query).get_json()['offers']]
        self.assertEqual([other.id, self.cloud.id], clouds(''))
        self.assertEqual([self.cloud.id, other.id],
                         clouds('?sort=reliability'))
        self.assertEqual([self.cloud.id, other.id],
                         clouds('?sort=time_to_active'))
        self.assertEqual([self.cloud.id], clouds('?min_reliability=0.5'))
        offer = self.client.get('/v1/offers?min_reliability=1').get_json()[
            'offers'][0]
        self.assertEqual(120.0,
                         offer['reliability']['median_seconds_to_active'])
        self.assertEqual('approved', db_clouds.get(other.id)['status'])
