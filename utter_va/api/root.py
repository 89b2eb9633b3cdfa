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

"""The version document served at the root of the API."""

import flask

from utter_va.api import openapi

root = flask.Blueprint('root', __name__)

CURRENT_VERSION = {
    'id': 'v1',
    'status': 'CURRENT',
}


def version_document(base_url):
    """Return the version document, with links relative to ``base_url``."""
    version = dict(CURRENT_VERSION)
    version['links'] = [{'rel': 'self',
                         'href': base_url.rstrip('/') + '/v1/'}]
    return {'versions': [version]}


@root.get('/')
def index():
    """The versions of the API."""
    return flask.jsonify(version_document(flask.request.host_url))


@root.get('/v1/')
@root.get('/v1')
def v1_index():
    """The version 1 document."""
    document = version_document(flask.request.host_url)['versions'][0]
    return flask.jsonify({'version': document})


@root.get('/v1/openapi.json')
def openapi_document():
    """The OpenAPI 3.1 document of this API."""
    return flask.jsonify(openapi.generate(flask.current_app))
