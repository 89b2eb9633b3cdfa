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

"""Clouds: ``POST /v1/clouds`` (join), ``GET /v1/clouds[/<id>]``."""

import flask

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.db import clouds as db_clouds
from utter_pool.db import reliability as db_reliability
from utter_pool import intake

clouds = flask.Blueprint('clouds', __name__)

PUBLIC_FIELDS = ('id', 'name', 'description', 'region', 'country',
                 'latitude', 'longitude', 'api_url', 'storefront_url',
                 'status', 'created_at', 'updated_at', 'via')


def public(cloud, public_key):
    """The public view of a cloud, with its current public key."""
    view = {name: cloud[name] for name in PUBLIC_FIELDS}
    view['public_key'] = public_key
    return view


@clouds.route('/v1/clouds', methods=['POST'])
def join():
    found = request.limiters()
    found.hit(found.join, request.client_address())
    cloud, created = intake.join(request.body(), request.conf(),
                                 request.now())
    return flask.jsonify({'cloud': cloud['id'],
                          'status': cloud['status']}), (
        202 if created else 200)


@clouds.route('/v1/clouds', methods=['GET'])
def list_clouds():
    request.limit_reads()
    query.parse({})
    found = db_clouds.get_all(status=db_clouds.APPROVED)
    keys = db_clouds.current_keys(c['id'] for c in found)
    return flask.jsonify({'clouds': [public(c, keys.get(c['id']))
                                     for c in found]})


@clouds.route('/v1/clouds/<cloud_id>', methods=['GET'])
def show(cloud_id):
    request.limit_reads()
    query.parse({})
    cloud = db_clouds.get(cloud_id)
    keys = db_clouds.keys(cloud_id)
    current = [k['key'] for k in keys if k['valid_until'] is None]
    view = public(cloud, current[0] if current else None)
    view['public_keys'] = keys
    view['last_accepted'] = db_clouds.last_accepted(cloud_id)
    figures = db_reliability.get(cloud_id)
    figures['window_days'] = request.conf().pool.reliability_window
    view['reliability'] = figures
    return flask.jsonify({'cloud': view})
