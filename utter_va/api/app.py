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

"""The WSGI application of utter-va: a Flask app in oslo.middleware.

The pipeline, outermost first: CORS (so that even a 401 carries CORS
headers), request id, the client's address (from the real peer and
``[api] trusted_proxies``), http_proxy_to_wsgi, then a dispatcher that
sends ``/healthcheck`` to oslo.middleware's health check application and
everything else through the anonymous rate limit (around authentication,
so that it knows whether Keystone accepted a token), sizelimit and
authentication (Keystone for operator routes, none for public ones) to the
Flask app.

The buyers' storefront (:mod:`utter_va.storefront`) is a blueprint of the
same Flask app, under ``/store/``: same origin as the JSON API its pages
call (no CORS needed), one process to run and one rate limiter.
"""

import datetime

import flask
import flask.json.provider
from oslo_middleware import cors
from oslo_middleware import healthcheck
from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id
from werkzeug.middleware import dispatcher

from utter_va.api import auth
from utter_va.api import client_network
from utter_va.api import errors
from utter_va.api import ratelimit
from utter_va.api import root
from utter_va.api import sizelimit
from utter_va.api.v1 import capacity
from utter_va.api.v1 import lnurl
from utter_va.api.v1 import marketplace
from utter_va.api.v1 import offers
from utter_va.api.v1 import order_actions
from utter_va.api.v1 import order_admin
from utter_va.api.v1 import order_qr
from utter_va.api.v1 import orders
from utter_va.api.v1 import prices
from utter_va.api.v1 import webhooks
from utter_va.common import context
from utter_va import conf
from utter_va.storefront import views as storefront

CONF = conf.CONF

HEALTHCHECK_PATH = '/healthcheck'


class JSONProvider(flask.json.provider.DefaultJSONProvider):
    """Flask's JSON, with times in ISO 8601 (UTC) as OpenStack APIs use."""

    sort_keys = False

    @staticmethod
    def default(value):
        if isinstance(value, datetime.datetime):
            return value.replace(microsecond=0).isoformat() + 'Z'
        return flask.json.provider.DefaultJSONProvider.default(value)


def create_flask_app():
    """Return the bare Flask app, with its routes and error handlers."""
    app = flask.Flask('utter_va')
    app.json = JSONProvider(app)
    app.url_map.strict_slashes = False
    errors.register(app)
    app.before_request(_set_context)
    app.register_blueprint(root.root)
    app.register_blueprint(prices.prices)
    app.register_blueprint(capacity.capacity)
    app.register_blueprint(offers.offers)
    app.register_blueprint(orders.orders)
    app.register_blueprint(order_admin.order_admin)
    app.register_blueprint(order_actions.order_actions)
    app.register_blueprint(webhooks.webhooks)
    app.register_blueprint(lnurl.lnurl)
    app.register_blueprint(order_qr.order_qr)
    app.register_blueprint(marketplace.marketplace)
    app.register_blueprint(storefront.storefront)
    return app


def _set_context():
    environ = flask.request.environ
    if environ.get('HTTP_X_IDENTITY_STATUS') == 'Confirmed':
        flask.g.context = context.RequestContext.from_environ(environ)
    else:
        flask.g.context = context.RequestContext.anonymous(
            request_id=environ.get('openstack.request_id'))


_AUTH_MIDDLEWARE = {
    'keystone': auth.AuthTokenMiddleware,
    'noauth': auth.NoAuthMiddleware,
}


def create_app(conf=None):
    """Return the whole WSGI application, middleware included."""
    conf = conf or CONF
    application = create_flask_app().wsgi_app
    application = _AUTH_MIDDLEWARE[conf.api.auth_strategy](application, conf)
    application = sizelimit.BodySizeLimit(application, conf)
    application = ratelimit.RateLimitMiddleware(application, conf)
    application = dispatcher.DispatcherMiddleware(application, {
        HEALTHCHECK_PATH: healthcheck.Healthcheck(None, conf),
    })
    # NOTE: the client's address is resolved from the real peer before
    # http_proxy_to_wsgi rewrites REMOTE_ADDR, and pinned after it.
    application = client_network.pin(application)
    application = http_proxy_to_wsgi.HTTPProxyToWSGI(application, conf)
    application = client_network.ClientAddressMiddleware(application, conf)
    application = request_id.RequestId(application)
    application = cors.CORS(application, conf)
    return application
