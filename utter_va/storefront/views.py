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

"""The storefront's routes: the offers page and the order page.

Every answer under ``/store`` carries a strict Content-Security-Policy
(scripts, styles and connections to this origin only; images also from
``blob:``, which is how the QR codes are shown; no inline script or
style), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy:
no-referrer``. The pages hold no order data: their scripts read it from
the JSON API with the order token of the URL fragment.
"""

import flask

from utter_va import conf
from utter_va.i18n import _
from utter_va.storefront import messages

CONF = conf.CONF

URL_PREFIX = '/store'

CONTENT_SECURITY_POLICY = '; '.join((
    "default-src 'none'", "script-src 'self'", "style-src 'self'",
    "img-src 'self' blob:", "connect-src 'self'", "form-action 'self'",
    "base-uri 'none'", "frame-ancestors 'none'"))

#: The headers of every answer under /store.
SECURITY_HEADERS = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
}

storefront = flask.Blueprint(
    'storefront', __name__, url_prefix=URL_PREFIX,
    template_folder='templates', static_folder='static',
    static_url_path='/static')


def _under_store(path):
    return path == URL_PREFIX or path.startswith(URL_PREFIX + '/')


@storefront.after_app_request
def _security_headers(response):
    # NOTE: an app-wide hook, so that a 404 under /store (which matches
    # no route of the blueprint) carries the headers too.
    if _under_store(flask.request.path):
        response.headers.update(SECURITY_HEADERS)
    return response


@storefront.context_processor
def _page_context():
    return {
        '_': _,
        'api_root': flask.request.script_root,
        'messages': messages.all_messages(),
        'min_hours': max(1, -(-CONF.payment.minimum_purchase_seconds //
                              3600)),
        'max_hours': max(1, CONF.payment.maximum_duration_seconds // 3600),
    }


@storefront.get('/')
def offers_page():
    """The offers and the order form."""
    return flask.render_template('storefront/offers.html')


@storefront.get('/order')
def order_page():
    """Checkout and order page: the order id and token are in the fragment."""
    return flask.render_template('storefront/order.html')
