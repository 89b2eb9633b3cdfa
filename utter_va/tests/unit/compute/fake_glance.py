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

"""A fake keystoneauth adapter that answers as Glance's v2 API does."""

from keystoneauth1 import exceptions as ks_exc


class _Response:

    def __init__(self, document):
        self.document = document

    def json(self):
        return self.document


class FakeGlanceAdapter:
    """GET /v2/images (name, status, visibility filters) and one image.

    ``images`` are dicts with ``id``, ``name``, ``status`` and
    ``visibility``; ``calls`` records (path, params).
    """

    def __init__(self, images=()):
        self.images = list(images)
        self.calls = []

    def get(self, path, params=None, raise_exc=True):
        self.calls.append((path, dict(params or {})))
        if path == '/v2/images':
            params = params or {}
            # NOTE: as Glance: without a visibility filter, the images the
            # project may see except community ones.
            found = [i for i in self.images
                     if all(i.get(k) == v for k, v in params.items())
                     and ('visibility' in params or
                          i['visibility'] != 'community')]
            return _Response({'images': found})
        image_id = path.rsplit('/', 1)[-1]
        for image in self.images:
            if image['id'] == image_id:
                return _Response(dict(image))
        raise ks_exc.NotFound('Image %s not found' % image_id)


def image(image_id, name, visibility='public', status='active'):
    """One image as Glance shows it."""
    return {'id': image_id, 'name': name, 'visibility': visibility,
            'status': status}
