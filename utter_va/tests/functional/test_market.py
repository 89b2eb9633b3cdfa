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

"""Two clouds on a real utter-pool: offers, freshness, reliability.

A real ``utter-pool-api`` runs on its own PostgreSQL database; two
utter-va deployments on minicloud (two MariaDB databases, two deployment
ids, two keys) join it with ``utter-va-manage pool join``, the pool's
operator approves them with ``utter-pool-manage cloud approve``, and their
engines publish through the real ``pool`` marketplace driver. The test
reads the pool's public API, as a buyer or a verifier would.
"""

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

import fixtures as fixtures_lib
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import test_fixtures as db_fixtures

from utter_pool.tests.functional import test_pool
from utter_protocol import documents
from utter_protocol import signing
from utter_va.db import api as db_api
from utter_va.orders import ledger
from utter_va.tests import fixtures as test_fixtures
from utter_va.tests.functional import browser
from utter_va.tests.functional import deployment
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_lifecycle

say = test_lifecycle.say
#: Offers vanish from the pool's search this long after their last
#: heartbeat; the engines beat every 5 s (the least they may).
FRESHNESS = 12


def market_options(pool_url, key_file, name, country):
    """The options of a deployment that publishes on the pool."""
    return {
        'marketplace': {'driver': 'pool'},
        'pool': {'url': pool_url, 'key_file': key_file, 'name': name,
                 'region': 'minicloud', 'country': country,
                 'heartbeat_interval': 5, 'offers_lifetime': 60,
                 'change_check_interval': 1, 'max_backoff': 2},
    }


class MarketTestCase(test_lifecycle.LifecycleCloudTestCase):
    """Cloud A (``self.d``) and cloud B (``self.b``) on one pool."""

    def setUp(self):
        self.keys = None
        self.pool = None
        super().setUp()

    def deployment_options(self):
        # NOTE: the pool runs before cloud A's configuration is written.
        self.keys = self.useFixture(fixtures_lib.TempDir()).path
        self.pool = self.useFixture(test_pool.PoolProcess(
            '[pool]\nfreshness_window = %d\nsearch_rate_limit = 0\n'
            'publish_rate_limit = 0\n' % FRESHNESS))
        options = super().deployment_options()
        options.update(market_options(
            self.pool.url, os.path.join(self.keys, 'a.key'), 'Cloud A',
            'FR'))
        return options

    def start_cloud_b(self):
        """Cloud B; the test's own database access stays on cloud A."""
        options = dict(super().deployment_options(), **market_options(
            self.pool.url, os.path.join(self.keys, 'b.key'), 'Cloud B',
            'DE'))
        self.b = self.useFixture(deployment.Deployment(options=options))
        self.on_cloud(self.d)
        return self.b

    def on_cloud(self, cloud):
        """Point this process's database access at ``cloud``'s database."""
        facade = enginefacade.transaction_context()
        facade.configure(connection=cloud.db.url)
        self.useFixture(db_fixtures.ReplaceEngineFacadeFixture(
            db_api.context_manager, facade))
        self.addCleanup(facade.dispose_pool)

    def join(self, cloud):
        """``utter-va-manage pool join``; then the pool's approval."""
        output = subprocess.run(
            [sys.executable, '-m', 'utter_va.cmd.manage', '--config-file',
             cloud.config_file, 'pool', 'join'],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(0, output.returncode, output.stderr)
        cloud_id = re.search(r'Cloud ([0-9a-f]{64}) at .*: pending',
                             output.stdout).group(1)
        self.pool.manage('cloud', 'approve', cloud_id)
        return cloud_id

    def marketplace_logs(self):
        lines = []
        for cloud in (self.d, getattr(self, 'b', None)):
            if cloud is not None:
                lines += [line for line in
                          cloud.log('utter-va-engine').splitlines()
                          if 'marketplace' in line or 'pool' in line.lower()
                          or 'ERROR' in line][-15:]
        return '\n'.join(lines)

    def set_price(self, cloud, sats):
        status, answer = cloud.request(
            'PUT', '/v1/prices/' + self.flavor.id,
            {'sats_per_hour': sats, 'images': ['cirros']},
            token=cloud.token())
        self.assertEqual(200, status, answer)

    def market(self, **query):
        """The pool's search: {cloud name: offer}."""
        path = '/v1/offers?' + '&'.join(
            '%s=%s' % item for item in query.items())
        status, answer = self.pool.call('GET', path)
        self.assertEqual(200, status, answer)
        return {o['cloud']['name']: o for o in answer['offers']}

    def wait_market(self, predicate, what, timeout=60):
        started = time.monotonic()
        try:
            ft_fixtures.wait_for(lambda: predicate(self.market()), timeout,
                                 'the pool never showed %s' % what)
        except AssertionError:
            raise AssertionError(
                'the pool never showed %s: %s\nengine logs:\n%s' % (
                    what, self.market(), self.marketplace_logs()))
        return time.monotonic() - started


class TestTwoCloudsOnAPool(MarketTestCase):

    def test_offers_prices_freshness_and_reliability(self):
        self.start_cloud_b()
        ids = {'Cloud A': self.join(self.d), 'Cloud B': self.join(self.b)}
        for cloud in (self.d, self.b):
            cloud.start_api()
            cloud.start_engine()
        self.set_price(self.d, 2000)
        self.set_price(self.b, 1500)
        seconds = self.wait_market(
            lambda m: {n: o['sats_per_hour'] for n, o in m.items()} ==
            {'Cloud A': 2000, 'Cloud B': 1500}, 'both clouds\' offers')
        say('both clouds on the pool %.1fs after their prices were set'
            % seconds)

        # A price change reaches the pool within seconds.
        self.set_price(self.d, 1000)
        seconds = self.wait_market(
            lambda m: m.get('Cloud A', {}).get('sats_per_hour') == 1000,
            'cloud A\'s new price')
        say('price change on the pool after %.1fs' % seconds)
        cheapest = list(self.market(sort='price'))
        self.assertEqual(['Cloud A', 'Cloud B'], cheapest)

        # Anyone can verify an offer: its raw document, the cloud's key.
        offer = self.market()['Cloud A']
        status, envelope = self.pool.call('GET', '/v1/documents/' +
                                          offer['document'])
        self.assertEqual(200, status)
        status, shown = self.pool.call('GET', '/v1/clouds/' +
                                       ids['Cloud A'])
        key = shown['cloud']['public_key']
        document = documents.verified(envelope, key)
        self.assertEqual(ids['Cloud A'], document['cloud'])
        self.assertEqual(ids['Cloud A'],
                         signing.cloud_id(key))
        self.assertIn(1000, [o['sats_per_hour']
                             for o in document['offers']])

        # Order events move cloud A's reliability figures: one order runs
        # its paid time out, another's server is deleted outside.
        orders = [self.place(image='cirros'), self.place(image='cirros')]
        for order_id in orders:
            ledger.simulate_payment(order_id, 40)
        lost = self.wait_order(orders[1], 'active')
        self.wait_order(orders[0], 'active')
        self.nova.servers.delete(lost['server_id'])
        self.wait_order(orders[1], 'failed')
        self.wait_order(orders[0], 'terminated')
        by_hand = []
        for order_id in orders:
            moments = {t['to_state']: t['created_at']
                       for t in db_api.order_transitions(order_id)}
            by_hand.append((moments['active'] -
                            moments['paid']).total_seconds())

        def reliability():
            figures = self.pool.call('GET', '/v1/clouds/' + ids[
                'Cloud A'])[1]['cloud']['reliability']
            # NOTE: events reach the pool a few seconds after they happen.
            return figures if figures.get('failure_share') is not None \
                and figures.get('paid_time_over_share') else None
        figures = ft_fixtures.wait_for(reliability, 60,
                                       'the pool never counted the orders')
        self.assertEqual((2, 1.0, 0.5, 0.5), (
            figures['orders_paid'], figures['active_share'],
            figures['failure_share'], figures['paid_time_over_share']))
        self.assertAlmostEqual(statistics.median(by_hand),
                               figures['median_seconds_to_active'],
                               delta=0.01)
        say('reliability of cloud A: %s (paid to ACTIVE by hand: %s)' %
            (figures, ', '.join('%.3fs' % t for t in by_hand)))
        # NOTE: the pool's transparency feed holds every document it
        # took; never the order's id.
        status, feed = self.pool.call('GET', '/v1/feed?since=0&limit=1000')
        self.assertEqual(200, status)
        feed = feed if isinstance(feed, bytes) else str(feed).encode()
        self.assertIn(b'"events"', feed)
        for order_id in orders:
            self.assertNotIn(order_id.encode(), feed)

        # A cloud whose engine stops vanishes after the freshness window.
        stopped = time.monotonic()
        self.b.processes['utter-va-engine'].kill()
        seconds = self.wait_market(lambda m: 'Cloud B' not in m,
                                   'cloud B gone', timeout=FRESHNESS * 4)
        say('cloud B left the search %.1fs after its engine stopped '
            '(freshness window %d s)' % (
                time.monotonic() - stopped, FRESHNESS))
        self.assertGreater(seconds, FRESHNESS - 4)
        self.assertIn('Cloud A', self.market())


class TestBuyerOnTheMarket(MarketTestCase):
    """In the browser: the pool's search, the cheapest offer, its cloud."""

    def test_search_sort_open_cheapest_buy_at_its_cloud(self):
        self.start_cloud_b()
        for cloud in (self.d, self.b):
            self.join(cloud)
            cloud.start_api()
            cloud.start_engine()
        self.set_price(self.d, 2000)
        self.set_price(self.b, 1500)
        self.wait_market(lambda m: len(m) == 2, 'both clouds')
        window = self.useFixture(browser.Browser())
        page = window.new_page()
        page.goto(self.pool.url + '/market/')
        page.select_option('select[name="sort"]', 'price')
        page.click('form.filters button[type="submit"]')
        page.wait_for_url('**/market/?*sort=price*')
        rows = page.locator('table.offers tbody tr')
        self.assertEqual(2, rows.count())
        prices = [int(p) for p in page.locator(
            'table.offers td.price').all_inner_texts()]
        self.assertEqual([1500, 2000], prices)
        self.assertIn('Cloud B', rows.nth(0).inner_text())
        window.check_accessibility(page)
        window.screenshot(page, 'market-search')
        phone = window.new_page(browser.PHONE)
        phone.goto(page.url)
        # NOTE: the table scrolls in its own box; the page never sideways.
        self.assertLessEqual(phone.evaluate(
            'document.documentElement.scrollWidth'),
            phone.viewport_size['width'])
        window.check_accessibility(phone)
        window.screenshot(phone, 'market-search-phone')
        phone.close()

        rows.nth(0).locator('td a').first.click()
        page.wait_for_url('**/market/offers/*')
        self.assertIn('Cloud B', page.inner_text('main'))
        window.screenshot(page, 'market-offer')
        page.click('a.buy')
        page.wait_for_url(self.b.api_url + '/store/?flavor=*')
        page.locator('#flavor option[value="%s"]' % self.flavor.name
                     ).wait_for(state='attached')
        self.assertEqual(self.flavor.name, page.input_value('#flavor'))
        page.fill('#image', 'cirros')
        page.fill('#hours', '1')
        page.fill('#ssh_public_key', test_fixtures.SSH_KEY)
        page.click('#place')
        page.wait_for_url(self.b.api_url + '/store/order#*')
        order_id = urllib.parse.urlsplit(page.url).fragment.partition(
            '.')[0]
        # NOTE: the order is cloud B's: the pool took no part in it.
        self.on_cloud(self.b)
        ledger.simulate_payment(order_id, 1500, money_key='mk-' + order_id)
        page.locator('body[data-state="active"]').wait_for(
            state='attached', timeout=test_lifecycle.WAIT * 1000)
        window.screenshot(page, 'market-bought-active')
        server = db_api.order_get(order_id)['server_id']
        self.assertEqual('ACTIVE', self.nova.servers.get(server).status)
        window.check_clean()
