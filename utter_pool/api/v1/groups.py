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


"""Groups: ``POST /v1/groups``, ``POST /v1/groups/<id>/members``, and for
members only ``GET /v1/groups/<id>`` and ``GET /v1/groups/<id>/chain``.

A read carries a fresh member request in the ``X-Utter-Member`` header
(see :func:`utter_protocol.groups.encode`); without one, or from a cloud
that is not a member, the answer is the 404 of an unknown group. The
chain is served as the very bytes that were accepted, so a member checks
the roster itself with :func:`utter_protocol.groups.roster`.
"""

import json

import flask

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.db import groups as db_groups
from utter_pool import intake
from utter_protocol import groups as protocol

groups = flask.Blueprint('groups', __name__)


@groups.route('/v1/groups', methods=['POST'])
def create():
    made = intake.group_create(request.body(), request.conf(),
                               request.limiters().publish, request.now())
    return flask.jsonify(made), 201


@groups.route('/v1/groups/<group_id>/members', methods=['POST'])
def append(group_id):
    accepted = intake.group_link(group_id, request.body(), request.conf(),
                                 request.limiters().publish, request.now())
    return flask.jsonify(accepted), 202


def _member(group_id):
    request.limit_reads()
    query.parse({})
    return intake.member(group_id,
                         flask.request.headers.get(protocol.HEADER),
                         request.now())


@groups.route('/v1/groups/<group_id>', methods=['GET'])
def show(group_id):
    _member(group_id)
    return flask.jsonify({'group': db_groups.get(group_id)})


@groups.route('/v1/groups/<group_id>/chain', methods=['GET'])
def chain(group_id):
    _member(group_id)
    # NOTE: the links go out as the very bytes that were accepted.
    text = '{"group":%s,"links":[%s]}' % (
        json.dumps(group_id), ','.join(db_groups.chain(group_id)))
    return flask.Response(text, mimetype='application/json')
