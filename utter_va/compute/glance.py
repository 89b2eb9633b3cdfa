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

"""Glance: the images buyers choose from, by name or id.

An offer that lists its images lets buyers boot those (the operator chose
them, private ones included); an offer with no list means the cloud's
public images only, never the service project's private images or
snapshots (``public_only``).
"""

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
