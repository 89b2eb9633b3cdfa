"""Glance: the images buyers choose from, by name or id."""

from oslo_utils import uuidutils

from utter_va.compute import clients
from utter_va.compute import errors
from utter_va import exception
from utter_va.i18n import _


class GlanceClient:
    """Looks images up in Glance's v2 API."""

    def __init__(self, adapter=None):
        self.adapter = adapter or clients.adapter('glance')

    @errors.translate('Glance')
    def image_id(self, name_or_id):
        """Return the id of the active image named or identified so."""
        if uuidutils.is_uuid_like(name_or_id):
            return self.adapter.get('/v2/images/%s' % name_or_id,
                                    raise_exc=True).json()['id']
        images = self.adapter.get(
            '/v2/images', params={'name': name_or_id, 'status': 'active'},
            raise_exc=True).json()['images']
        if len(images) != 1:
            raise exception.CloudResourceNotFound(
                service='Glance',
                reason=_('%(count)d active images are named %(name)s') % {
                    'count': len(images), 'name': name_or_id})
        return images[0]['id']
