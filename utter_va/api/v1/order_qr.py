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

"""The QR code of an order's payment URI, as SVG, for its buyer's page.

It renders only what the order's buyer could pay anyway: one of the
payment URIs of the order's payment requests, or the order's LNURL. Any
other string is refused, so nobody can make the service draw theirs, and
a wrong or missing X-Order-Token gets the 404 of a missing order.
"""

import io

import flask
import segno

from utter_va.api.v1 import order_views
from utter_va.api.v1 import orders
from utter_va import exception
from utter_va.i18n import _

order_qr = flask.Blueprint('order_qr', __name__)

SVG_TYPE = 'image/svg+xml'
#: Pixels per module of the drawn code, and the quiet zone in modules.
SCALE = 6
BORDER = 4


def payable_strings(order):
    """What the QR route draws for ``order``: its URIs and its LNURL."""
    view = order_views.buyer_view(order)
    found = {r['payment_uri'] for r in view['payment_requests']
             if r['payment_uri']}
    if view.get('lnurl'):
        found.add(view['lnurl'])
    return found


def svg(text):
    """The QR code of ``text`` as an SVG document (bytes)."""
    out = io.BytesIO()
    segno.make(text, error='m', micro=False).save(
        out, kind='svg', scale=SCALE, border=BORDER, xmldecl=False,
        dark='#000', light='#fff', title=text)
    return out.getvalue()


@order_qr.get('/v1/orders/<order_id>/qr')
def show_qr(order_id):
    """The QR code (SVG) of one of the order's payment URIs (``uri``).

    Needs the X-Order-Token. ``uri`` must be the ``payment_uri`` of one of
    the order's payment requests, or its ``lnurl``; anything else is
    refused with a 400.
    """
    order = orders.order_for_buyer(order_id)
    text = flask.request.args.get('uri', '')
    if text not in payable_strings(order):
        raise exception.Invalid(reason=_(
            'uri: not a payment URI of this order'))
    response = flask.make_response(svg(text))
    response.headers.update({
        'Content-Type': SVG_TYPE,
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'",
        'X-Content-Type-Options': 'nosniff',
    })
    return response


show_qr.api_responses = {'200': 'The QR code, as image/svg+xml.'}
show_qr.api_parameters = [
    {'name': orders.TOKEN_HEADER, 'in': 'header', 'required': False,
     'schema': {'type': 'string'}},
    {'name': 'uri', 'in': 'query', 'required': True,
     'schema': {'type': 'string'}}]
