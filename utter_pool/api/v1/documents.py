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

"""Documents: ``POST /v1/documents`` and the raw ``GET /v1/documents/<id>``.

A document is served byte for byte as it was accepted (its canonical
JSON), so anyone can check its signature against the cloud's key.
"""

import flask

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.db import feed as db_feed
from utter_pool import intake

documents = flask.Blueprint('documents', __name__)


@documents.route('/v1/documents', methods=['POST'])
def publish():
    accepted = intake.document(request.body(), request.conf(),
                               request.limiters().publish, request.now())
    return flask.jsonify(accepted), 202


@documents.route('/v1/documents/<document_id>', methods=['GET'])
def show(document_id):
    request.limit_reads()
    query.parse({})
    return flask.Response(db_feed.get(document_id),
                          mimetype='application/json')
