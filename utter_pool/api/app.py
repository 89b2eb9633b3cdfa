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

"""The WSGI application of utter-pool: a Flask app in oslo.middleware.

Request ids outermost, then the Flask app: the JSON API under ``/v1/``
(its OpenAPI document at ``/v1/openapi.json``), the buyers' pages under
``/market/`` and a bare ``/healthcheck``. The rate limiters are built
once per process and kept on the app.
"""

import datetime

import flask
import flask.json.provider
from oslo_middleware import request_id

from utter_pool.api import errors
from utter_pool.api import openapi
from utter_pool.api import ratelimit
from utter_pool.api import request
from utter_pool.api.v1 import clouds
from utter_pool.api.v1 import documents as documents_routes
from utter_pool.api.v1 import feed
from utter_pool.api.v1 import groups
from utter_pool.api.v1 import offers
from utter_pool import conf as pool_conf
from utter_pool.market import views as market
from utter_protocol import documents


class JSONProvider(flask.json.provider.DefaultJSONProvider):
    """Flask's JSON, with times as the protocol writes them (UTC, Z)."""

    sort_keys = False

    @staticmethod
    def default(value):
        if isinstance(value, datetime.datetime):
            return documents.format_time(value)
        return flask.json.provider.DefaultJSONProvider.default(value)


def _root():
    return flask.jsonify({'name': 'utter-pool', 'versions': [
        {'id': 'v1', 'status': 'CURRENT', 'links': [
            {'rel': 'self', 'href': flask.request.host_url + 'v1/'}]}]})


def _openapi():
    return flask.jsonify(openapi.generate(flask.current_app))


def _healthcheck():
    return flask.Response('OK', mimetype='text/plain')


def create_flask_app(conf=None):
    """Return the Flask app with its routes, error handlers and limiters."""
    conf = conf or pool_conf.CONF
    app = flask.Flask('utter_pool')
    app.json = JSONProvider(app)
    app.url_map.strict_slashes = False
    app.config[request.CONF_KEY] = conf
    app.config[request.LIMITERS_KEY] = ratelimit.Limiters(conf)
    errors.register(app)
    app.add_url_rule('/', 'root', _root)
    app.add_url_rule('/healthcheck', 'healthcheck', _healthcheck)
    app.add_url_rule('/v1/openapi.json', 'openapi', _openapi)
    for blueprint in (clouds.clouds, documents_routes.documents,
                      offers.offers, feed.feed, groups.groups,
                      market.market):
        app.register_blueprint(blueprint)
    return app


def create_app(conf=None):
    """Return the whole WSGI application, middleware included."""
    application = create_flask_app(conf).wsgi_app
    return request_id.RequestId(application)
