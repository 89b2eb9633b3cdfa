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


"""Buyers' own images: imported by Glance from a URL, checked, removed.

An order placed with an ``image_url`` boots from a private image of the
service project that Glance fills by its interoperable import
(web-download). Before its first boot the order's lifecycle has the
engine :func:`start` the import, then :func:`check` it until Glance shows
the image ACTIVE. The image is then accepted only with the checksum the
buyer gave: Glance's own hash when it used the same algorithm
(``os_hash_algo``), otherwise a digest of the image's data read back
through Glance. A failed import, a wrong checksum or an image larger than
``[images] max_size`` fails the order, and what was paid is owed back.

Every such image carries the tags ``utter-va-deployment:<id>`` and
``utter-va-order:<id>`` from the request that creates it, so an engine
killed before recording it finds it again, and the reconciler removes it
once its order is over. When the order ends its image is deleted, or,
with ``[images] cache_count``, kept for the next buyer who brings the
same image: a kept image is tagged with its disk format and checksum
(``utter-va-image:<format>:<algorithm>:<hex>``) only once it was checked,
and the least recently used are deleted beyond ``cache_count`` images or
``cache_size`` MiB.
"""

import collections

from oslo_log import log

from utter_va.common import image_urls
from utter_va import conf
from utter_va import exception
from utter_va.orders import closing
from utter_va.orders import servers

CONF = conf.CONF
LOG = log.getLogger(__name__)

MIB = 1 << 20

#: What the image steps need of an order, taken while it was locked.
ImageRequest = collections.namedtuple(
    'ImageRequest', ['url', 'disk_format', 'checksum', 'glance_id'])

#: The outcome of :func:`check`: ``ready`` (bool), or the close reason and
#: its detail of an import that failed; None for both: not done yet.
Checked = collections.namedtuple('Checked', ['ready', 'reason', 'detail'])

IMPORT_FAILED = closing.IMAGE_IMPORT_FAILED
CHECKSUM_MISMATCH = closing.IMAGE_CHECKSUM_MISMATCH
TOO_LARGE = closing.IMAGE_TOO_LARGE

#: The outcome of :func:`start`: the Glance image id, whether it is ready
#: to boot, and why the import could not start (None: it did).
Started = collections.namedtuple('Started', ['glance_id', 'ready',
                                             'refused'])

_WAITING = Checked(False, None, None)
_READY = Checked(True, None, None)
_GONE = ('killed', 'deleted', 'pending_delete', 'deactivated')


def request(order):
    """The ImageRequest of a locked order, or None: not a buyer's image."""
    if not order.image_url:
        return None
    return ImageRequest(order.image_url, order.image_disk_format,
                        order.image_checksum, order.image_glance_id)


def deployment_tag():
    """The tag of every image this deployment imports."""
    return 'utter-va-deployment:' + CONF.orders.deployment_id


def order_tag(order_id):
    """The tag of the images an order uses."""
    return 'utter-va-order:' + order_id


def key_tag(disk_format, checksum):
    """The tag of a checked image: its disk format and checksum."""
    return 'utter-va-image:%s:%s' % (disk_format, checksum)


def caching():
    """Whether checked images are kept for the next order (cache_count)."""
    return CONF.images.cache_count > 0


def start(order_id, image, cloud):
    """Find or start the import of an order's image; return a Started.

    A kept image of the same disk format and checksum is ready at once.
    A URL refused now (by utter-va or by Glance) is ``refused``, with the
    image made for it, which the order's end deletes.
    """
    if caching():
        for kept in cloud.glance.images_tagged(
                [deployment_tag(), key_tag(image.disk_format,
                                           image.checksum)]):
            if kept['status'] == 'active':
                cloud.glance.tag(kept['id'], order_tag(order_id))
                LOG.info('Order %s: boots from kept image %s', order_id,
                         kept['id'])
                return Started(kept['id'], True, None)
    found = cloud.glance.images_tagged([deployment_tag(),
                                        order_tag(order_id)])
    if found:
        made = found[0]
        LOG.info('Order %s: image %s found', order_id, made['id'])
    else:
        made = cloud.glance.create_private_image(
            servers.name(order_id), image.disk_format,
            [deployment_tag(), order_tag(order_id)])
        LOG.info('Order %s: image %s made', order_id, made['id'])
    if made['status'] == 'queued' and not made['os_glance_failed_import']:
        # NOTE: checked again here, not only when the order was placed: a
        # name may resolve elsewhere by now. Glance checks once more as it
        # connects ([import_filtering_opts]).
        try:
            image_urls.check(image.url)
            cloud.glance.import_from_url(made['id'], image.url)
        except (image_urls.UnsafeImageURL,
                exception.CloudRequestRefused) as exc:
            LOG.warning('Order %s: the import of %s was refused: %s',
                        order_id, image.url, exc)
            return Started(made['id'], False, str(exc))
        LOG.info('Order %s: Glance imports image %s from %s', order_id,
                 made['id'], image.url)
    return Started(made['id'], False, None)


def check(order_id, image, cloud):
    """Whether the order's import is done, and its image the buyer's.

    Returns a Checked. The image of a failed check is deleted.
    """
    found = cloud.glance.image(image.glance_id)
    if found is None or found['status'] in _GONE:
        return Checked(False, IMPORT_FAILED, 'the image is %s in Glance' % (
            found['status'] if found else 'gone'))
    if found['status'] != 'active':
        if found['os_glance_failed_import']:
            detail = cloud.glance.import_failure(image.glance_id)
            return _failed(image, cloud, IMPORT_FAILED,
                           'Glance could not import %s: %s' % (
                               image.url, detail or 'failed'))
        return _WAITING
    limit = CONF.images.max_size * MIB
    if (found['size'] or 0) > limit:
        return _failed(image, cloud, TOO_LARGE,
                       'the image has %d bytes; at most %d are allowed' %
                       (found['size'], limit))
    algorithm, wanted = image_urls.parse_checksum(image.checksum)
    if found['os_hash_algo'] == algorithm:
        computed = found['os_hash_value']
    else:
        try:
            computed = cloud.glance.digest(image.glance_id, algorithm, limit)
        except exception.CloudRequestRefused as exc:
            return _failed(image, cloud, TOO_LARGE, str(exc))
    if computed != wanted:
        return _failed(image, cloud, CHECKSUM_MISMATCH,
                       'the image imported from %s has %s:%s, not %s' % (
                           image.url, algorithm, computed, image.checksum))
    if caching():
        cloud.glance.tag(image.glance_id,
                         key_tag(image.disk_format, image.checksum))
    LOG.info('Order %s: image %s imported and checked (%s)', order_id,
             image.glance_id, image.checksum)
    return _READY


def _failed(image, cloud, reason, detail):
    LOG.warning('Image %s of %s: %s', image.glance_id, image.url, detail)
    cloud.glance.delete_image(image.glance_id)
    return Checked(False, reason, detail)


def release(order_id, image, cloud, pending):
    """Delete the order's image, or keep it (cache_count) if checked.

    ``pending(order_ids)`` says which orders still need their images.
    """
    found = cloud.glance.image(image.glance_id)
    if found is None:
        return
    kept = key_tag(image.disk_format, image.checksum)
    if caching() and kept in (found['tags'] or ()):
        cloud.glance.tag(image.glance_id, order_tag(order_id), add=False)
        LOG.info('Order %s: image %s kept for later orders', order_id,
                 image.glance_id)
        evict(cloud, pending)
        return
    if _users(found, pending) - {order_id}:
        return
    cloud.glance.delete_image(image.glance_id)
    LOG.info('Order %s: image %s deleted', order_id, image.glance_id)


def _order_ids(image):
    prefix = order_tag('')
    return {t[len(prefix):] for t in image['tags'] or ()
            if t.startswith(prefix)}


def _users(image, pending):
    return pending(_order_ids(image))


def evict(cloud, pending):
    """Delete the least recently used kept images beyond the caps."""
    kept = [i for i in cloud.glance.images_tagged([deployment_tag()])
            if any(t.startswith('utter-va-image:') for t in i['tags'] or ())
            and not _users(i, pending)]
    kept.sort(key=lambda i: i['updated_at'] or '', reverse=True)
    total = 0
    for index, image in enumerate(kept):
        total += image['size'] or 0
        if index >= CONF.images.cache_count or \
                total > CONF.images.cache_size * MIB:
            LOG.info('Deleting kept image %s (%s)', image['id'],
                     ', '.join(image['tags']))
            cloud.glance.delete_image(image['id'])


def orphans(cloud, pending):
    """This deployment's images whose orders are all over, not kept.

    Returns [(view, order ids)].
    """
    found = []
    for image in cloud.glance.images_tagged([deployment_tag()]):
        owners = _order_ids(image)
        if not owners or pending(owners):
            continue
        if caching() and any(t.startswith('utter-va-image:')
                             for t in image['tags'] or ()):
            continue
        found.append((image, owners))
    return found
