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

"""Glance: the images buyers choose from, and those they bring by URL.

An offer that lists its images lets buyers boot those (the operator chose
them, private ones included); an offer with no list means the cloud's
public images only, never the service project's private images or
snapshots (``public_only``).

A buyer's own image is a private image of the service project that Glance
fills by its interoperable import (web-download); see
:mod:`utter_va.orders.images`.
"""

import hashlib

from keystoneauth1 import exceptions as ks_exc
from oslo_utils import uuidutils

from utter_va.compute import clients
from utter_va.compute import errors
from utter_va import exception
from utter_va.i18n import _

PUBLIC = 'public'
ACTIVE = 'active'


class GlanceClient:
    """Looks images up in Glance's v2 API."""

    def __init__(self, adapter=None):
        self.adapter = adapter or clients.adapter('glance')

    @errors.translate('Glance')
    def image_id(self, name_or_id, public_only=False):
        """Return the id of the active image named or identified so.

        With ``public_only``, only an image whose visibility is public is
        found; any other is CloudResourceNotFound.
        """
        if uuidutils.is_uuid_like(name_or_id):
            image = self.adapter.get('/v2/images/%s' % name_or_id,
                                     raise_exc=True).json()
            if public_only and (image.get('visibility') != PUBLIC or
                                image.get('status') != ACTIVE):
                raise exception.CloudResourceNotFound(
                    service='Glance',
                    reason=_('no active public image has id %s') %
                    name_or_id)
            return image['id']
        params = {'name': name_or_id, 'status': ACTIVE}
        if public_only:
            params['visibility'] = PUBLIC
        images = self.adapter.get('/v2/images', params=params,
                                  raise_exc=True).json()['images']
        if public_only:
            # NOTE: Glance filters already; checked again so that an
            # image never passes on a filter the server ignored.
            images = [i for i in images if i.get('visibility') == PUBLIC]
        if len(images) != 1:
            raise exception.CloudResourceNotFound(
                service='Glance',
                reason=_('%(count)d active images are named %(name)s') % {
                    'count': len(images), 'name': name_or_id})
        return images[0]['id']

    def _image_view(self, image):
        return {key: image.get(key) for key in _VIEW}

    @errors.translate('Glance')
    def image(self, image_id):
        """An image's view (see ``_VIEW``), or None once it is gone."""
        try:
            return self._image_view(self.adapter.get(
                '/v2/images/%s' % image_id, raise_exc=True).json())
        except ks_exc.NotFound:
            return None

    @errors.translate('Glance')
    def images_tagged(self, tags):
        """The views of the project's images that carry every tag."""
        images = self.adapter.get('/v2/images', params={
            'tag': list(tags), 'limit': 1000}, raise_exc=True).json()
        return [self._image_view(i) for i in images['images']]

    @errors.translate('Glance')
    def create_private_image(self, name, disk_format, tags):
        """Make an empty private image, to be imported into; its view."""
        return self._image_view(self.adapter.post('/v2/images', json={
            'name': name, 'disk_format': disk_format,
            'container_format': 'bare', 'visibility': 'private',
            'tags': list(tags)}, raise_exc=True).json())

    @errors.translate('Glance')
    def import_from_url(self, image_id, url):
        """Have Glance fetch ``url`` into a queued image (web-download).

        Glance's refusal (its import filtering, a wrong state) is
        CloudRequestRefused.
        """
        try:
            self.adapter.post('/v2/images/%s/import' % image_id, json={
                'method': {'name': 'web-download', 'uri': url}},
                raise_exc=True)
        except (ks_exc.BadRequest, ks_exc.Conflict, ks_exc.Forbidden) as exc:
            raise exception.CloudRequestRefused(
                service='Glance', reason=_refusal(exc))

    @errors.translate('Glance')
    def import_failure(self, image_id):
        """What Glance said of the image's last failed import, or None."""
        tasks = self.adapter.get('/v2/images/%s/tasks' % image_id,
                                 raise_exc=True).json().get('tasks') or []
        failed = [t for t in tasks if t.get('status') == 'failure']
        if not failed:
            return None
        return max(failed, key=lambda t: t.get('created_at') or '').get(
            'message') or 'failed'

    @errors.translate('Glance')
    def tag(self, image_id, tag, add=True):
        """Add (or remove) one tag of an image; a tag already so is fine."""
        path = '/v2/images/%s/tags/%s' % (image_id, tag)
        try:
            if add:
                self.adapter.put(path, raise_exc=True)
            else:
                self.adapter.delete(path, raise_exc=True)
        except ks_exc.NotFound:
            pass

    @errors.translate('Glance')
    def delete_image(self, image_id):
        """Delete an image; one already gone is fine."""
        try:
            self.adapter.delete('/v2/images/%s' % image_id, raise_exc=True)
        except ks_exc.NotFound:
            pass

    @errors.translate('Glance')
    def digest(self, image_id, algorithm, limit):
        """The hex digest of an image's data, read through Glance.

        For a checksum of another algorithm than Glance's own
        (``os_hash_algo``). Reads at most ``limit`` bytes; more is
        CloudRequestRefused.
        """
        hasher = hashlib.new(algorithm)
        read = 0
        response = self.adapter.get('/v2/images/%s/file' % image_id,
                                    stream=True, raise_exc=True)
        try:
            for chunk in response.iter_content(_CHUNK):
                read += len(chunk)
                if read > limit:
                    raise exception.CloudRequestRefused(
                        service='Glance',
                        reason=_('image %s is larger than allowed') %
                        image_id)
                hasher.update(chunk)
        finally:
            response.close()
        return hasher.hexdigest()


#: What utter-va reads of an image.
_VIEW = ('id', 'name', 'status', 'size', 'disk_format', 'os_hash_algo',
         'os_hash_value', 'os_glance_failed_import', 'tags', 'updated_at')
_CHUNK = 1 << 20


def _refusal(exc):
    """Glance's reason of a refusal, from its HTML or JSON error body."""
    response = getattr(exc, 'response', None)
    text = response.text if response is not None else str(exc)
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith('<') and 'Bad Request' not in line:
            return line.replace('<br />', ' ').strip()[:500]
    return str(exc)[:500]
