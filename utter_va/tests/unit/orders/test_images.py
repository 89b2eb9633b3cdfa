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


"""Buyers' own images: import, check, boot, removal, on an in-memory Glance."""

import hashlib

from utter_va.common import image_urls
from utter_va.db import orders as db_orders
from utter_va.engine import reconciler
from utter_va.orders import closing
from utter_va.orders import images
from utter_va.tests.unit.orders import test_lifecycle

URL = 'https://images.example.org/disk.qcow2'
DATA = b'qcow2 image bytes ' * 100
SHA256 = 'sha256:' + hashlib.sha256(DATA).hexdigest()
SHA512 = 'sha512:' + hashlib.sha512(DATA).hexdigest()


class ImageTestCase(test_lifecycle.LifecycleTestCase):

    def setUp(self):
        super().setUp()
        self.flags(import_poll_interval=5, import_timeout=600,
                   allow_private=True, group='images')
        self.glance = self.cloud.glance
        self.glance.sources[URL] = DATA

    def url_order(self, order_id='o-1', checksum=SHA512, url=URL):
        return self.paid_order(order_id, image_url=url,
                               image_disk_format='qcow2',
                               image_checksum=checksum, image='disk.qcow2')

    def only_image(self):
        self.assertEqual(1, len(self.glance.images))
        return next(iter(self.glance.images.values()))

    def expire(self, order_id='o-1'):
        self.later(100)
        self.step(order_id)
        self.report('SUSPENDED', order_id)
        self.later(600)
        self.step(order_id)       # delete the server
        self.later(15)
        return self.step(order_id)


class TestImport(ImageTestCase):

    def test_import_then_check_then_boot_from_the_image(self):
        self.glance.instant = False
        self.url_order()
        self.assertEqual('booting', self.step())
        image = self.only_image()
        self.assertEqual('importing', image['status'])
        self.assertEqual('qcow2', image['disk_format'])
        self.assertEqual(['utter-va-deployment:utter-va',
                          'utter-va-order:o-1'], image['tags'])
        self.assertEqual([], self.nova.boots)
        self.later(5)
        self.step()                      # still importing: no boot
        self.assertEqual([], self.nova.boots)
        self.glance.finish(image['id'])
        self.later(5)
        self.step()
        order = self.order()
        self.assertIsNotNone(order['image_imported_at'])
        self.assertEqual(image['id'], self.nova.boots[0]['image_id'])

    def test_sha256_is_checked_on_the_data_when_glance_hashes_sha512(self):
        self.url_order(checksum=SHA256)
        self.step()
        self.later(5)
        self.step()
        self.assertEqual(1, len(self.nova.boots))

    def test_wrong_checksum_fails_the_order_owes_back_and_deletes(self):
        wrong = 'sha512:' + '0' * 128
        self.url_order(checksum=wrong)
        # NOTE: the in-memory import is done at once: checked in one step.
        self.assertEqual('failed', self.step())
        order = self.order()
        self.assertEqual(closing.IMAGE_CHECKSUM_MISMATCH,
                         order['close_reason'])
        self.assertEqual({}, self.glance.images)
        self.assertEqual([], self.nova.boots)
        self.assertEqual([100_000], [
            r['amount_msat'] for r in db_orders.refunds_of_order('o-1')])
        self.later(15)
        self.step()
        self.assertIsNone(self.order()['image_glance_id'])
        self.assertIsNone(self.order()['state_deadline'])

    def test_failed_download_fails_the_order(self):
        self.url_order(url='https://images.example.org/missing.qcow2')
        self.assertEqual('failed', self.step())
        self.assertEqual(closing.IMAGE_IMPORT_FAILED,
                         self.order()['close_reason'])

    def test_import_refused_by_glance_fails_the_order(self):
        self.glance.refused.add(URL)
        self.url_order()
        self.assertEqual('failed', self.step())
        self.assertEqual(closing.IMAGE_IMPORT_FAILED,
                         self.order()['close_reason'])
        self.later(15)
        self.step()
        self.assertEqual({}, self.glance.images)

    def test_url_checked_again_before_the_import(self):
        self.flags(allowed_hosts=['other.example.org'], group='images')
        self.url_order()
        self.assertEqual('failed', self.step())
        self.assertEqual({}, self.glance.importing)

    def test_too_large_image_fails(self):
        self.flags(max_size=1, group='images')
        self.glance.sources[URL] = b'x' * (images.MIB + 1)
        self.url_order(checksum='sha512:' + hashlib.sha512(
            b'x' * (images.MIB + 1)).hexdigest())
        self.assertEqual('failed', self.step())
        self.assertEqual(closing.IMAGE_TOO_LARGE,
                         self.order()['close_reason'])

    def test_import_timeout_fails(self):
        self.glance.instant = False
        self.url_order()
        self.step()
        self.later(601)
        self.assertEqual('failed', self.step())
        self.assertEqual(closing.IMAGE_IMPORT_FAILED,
                         self.order()['close_reason'])

    def test_image_of_a_dead_engine_is_found_not_made_again(self):
        made = self.glance.create_private_image(
            'utter-o-1', 'qcow2', [images.deployment_tag(),
                                   images.order_tag('o-1')])
        self.url_order()
        self.step()
        self.assertEqual(made['id'], self.order()['image_glance_id'])
        self.assertEqual(1, len(self.glance.images))

    def test_image_deleted_when_the_order_ends(self):
        self.url_order()
        self.step()
        self.later(5)
        self.step()
        self.report('ACTIVE')
        self.expire()
        self.assertEqual({}, self.glance.images)
        self.assertIsNone(self.order()['state_deadline'])


class TestCache(ImageTestCase):

    def setUp(self):
        super().setUp()
        self.flags(cache_count=1, group='images')

    def run_order(self, order_id):
        self.url_order(order_id)
        self.step(order_id)
        self.later(5)
        self.step(order_id)
        self.report('ACTIVE', order_id)

    def test_kept_image_is_reused_without_an_import(self):
        self.run_order('o-1')
        image = self.only_image()
        self.expire('o-1')
        kept = self.only_image()
        self.assertEqual(image['id'], kept['id'])
        self.assertNotIn('utter-va-order:o-1', kept['tags'])
        self.assertIn(images.key_tag('qcow2', SHA512), kept['tags'])
        self.url_order('o-2')
        self.step('o-2')
        self.assertEqual(image['id'], self.nova.boots[-1]['image_id'])
        self.assertEqual(1, len(self.glance.images))

    def test_unchecked_image_is_never_reused(self):
        self.glance.instant = False
        self.url_order('o-1')
        self.step('o-1')
        first = self.only_image()
        self.glance.finish(first['id'])   # active, not yet checked
        self.url_order('o-2')
        self.step('o-2')
        self.assertEqual(2, len(self.glance.images))

    def test_least_recently_used_beyond_the_cap_go(self):
        other = b'another image'
        self.glance.sources['https://images.example.org/b'] = other
        self.run_order('o-1')
        first = self.only_image()['id']
        self.expire('o-1')
        self.paid_order('o-2', image_url='https://images.example.org/b',
                        image_disk_format='qcow2', image='b',
                        image_checksum='sha512:' +
                        hashlib.sha512(other).hexdigest())
        self.step('o-2')
        self.later(5)
        self.step('o-2')
        self.report('ACTIVE', 'o-2')
        self.expire('o-2')
        self.assertEqual(1, len(self.glance.images))
        self.assertNotIn(first, self.glance.images)


class TestOrphans(ImageTestCase):

    def test_image_of_a_closed_order_is_reported_then_deleted(self):
        made = self.glance.create_private_image(
            'utter-o-9', 'qcow2', [images.deployment_tag(),
                                   images.order_tag('o-9')])
        rec = reconciler.Reconciler(self.cloud)
        self.assertEqual((0, 1), rec.reconcile())
        self.assertIn(made['id'], self.glance.images)
        self.flags(delete_orphans=True, group='images')
        rec.reconcile()
        self.assertEqual({}, self.glance.images)

    def test_image_of_a_live_order_is_kept(self):
        self.glance.instant = False
        self.url_order()
        self.step()
        self.flags(delete_orphans=True, group='images')
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertEqual(1, len(self.glance.images))


class TestURLs(ImageTestCase):

    def test_private_and_loopback_addresses_refused(self):
        self.flags(allow_private=False, group='images')
        for url in ('https://127.0.0.1/x', 'https://10.1.2.3/x',
                    'https://[::1]/x', 'https://[::ffff:10.0.0.1]/x',
                    'https://169.254.169.254/latest', 'https://localhost/x'):
            self.assertRaises(image_urls.UnsafeImageURL, image_urls.check,
                              url)

    def test_scheme_and_hosts(self):
        self.assertRaises(image_urls.UnsafeImageURL, image_urls.check,
                          'http://images.example.org/x')
        self.assertRaises(image_urls.UnsafeImageURL, image_urls.check,
                          'https://user@images.example.org/x')
        self.flags(allowed_hosts=['.example.org'], group='images')
        self.assertEqual(URL, image_urls.check(URL))
        self.assertRaises(image_urls.UnsafeImageURL, image_urls.check,
                          'https://example.org.evil.net/x')

    def test_checksums(self):
        self.assertEqual(('sha256', SHA256[7:]),
                         image_urls.parse_checksum(SHA256.upper()))
        for bad in ('md5:' + '0' * 32, 'sha256:' + '0' * 63,
                    'sha512:' + 'g' * 128, SHA256[7:], ''):
            self.assertRaises(image_urls.InvalidChecksum,
                              image_urls.parse_checksum, bad)
