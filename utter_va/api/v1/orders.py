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

"""Buyers' routes: place an order, read it with its token, top it up.

A buyer has no account: placing an order returns a secret order token,
shown only then, which reads the order (``X-Order-Token``) and tops it up.
A wrong or missing token gets exactly the 404 of an order that does not
exist. An operator reads any order with a Keystone token instead (policy
``utter:order:get``) and sees more of it.
"""

import flask
from oslo_log import log
from oslo_utils import timeutils
from oslo_utils import uuidutils

from utter_va.api import client_network
from utter_va.api import idempotency
from utter_va.api import policy
from utter_va.api.schemas import orders as schemas
from utter_va.api.v1 import order_views
from utter_va.api import validation
from utter_va.common import callback_urls
from utter_va.common import image_urls
from utter_va.common import order_token
from utter_va.compute import cloud
from utter_va.compute import user_data
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import offers
from utter_va.orders import sales
from utter_va.orders import states
from utter_va import payment
from utter_va.payment import lnurl

CONF = conf.CONF
LOG = log.getLogger(__name__)

orders = flask.Blueprint('orders', __name__)

TOKEN_HEADER = 'X-Order-Token'
TOPUP_STATES = states.TOPUP
CONSOLE_STATES = (states.BOOTING,) + states.RUNNING
CONSOLE_LINES = 100
MAX_CONSOLE_LINES = 1000
# NOTE: compared against when no order exists, so that a missing order
# costs the same digest comparison as a wrong token.
_NO_DIGEST = '0' * 64

TOKEN_PARAMETER = {'name': TOKEN_HEADER, 'in': 'header', 'required': False,
                   'schema': {'type': 'string'}}
IDEMPOTENCY_PARAMETER = {'name': idempotency.HEADER, 'in': 'header',
                         'required': False,
                         'schema': {'type': 'string', 'maxLength': 255}}


def request_values(info, driver, purpose):
    """The payment request row of a driver's PaymentRequestInfo."""
    return {'purpose': purpose, 'driver': driver.name,
            'external_id': info.external_id, 'address': info.address,
            'invoice': info.invoice, 'payment_uri': info.payment_uri,
            'amount_msat': info.amount_msat, 'expires_at': info.expires_at}


def _check_hours(hours, already_seconds=0):
    room = CONF.payment.maximum_duration_seconds - already_seconds
    if hours * 3600 > room:
        raise exception.Invalid(reason=_(
            'hours: at most %d hours can be bought for this order') %
            (room // 3600))


def _authenticated():
    return flask.g.context.user_id is not None


def _client_network():
    return client_network.client_network(flask.request.remote_addr)


def buyer_digest(order_id, **kwargs):
    """The caller of a buyer's route: its order token, checked first."""
    return order_for_buyer(order_id)['token_hash']


def order_for_buyer(order_id):
    """The order the request's X-Order-Token opens, or OrderNotFound."""
    try:
        order = db_api.order_get(order_id)
    except exception.OrderNotFound:
        order = None
    token = flask.request.headers.get(TOKEN_HEADER)
    stored = order['token_hash'] if order is not None else _NO_DIGEST
    if not order_token.matches(token, stored) or order is None:
        raise exception.OrderNotFound(order_id=order_id)
    return order


@orders.post('/v1/orders')
@idempotency.idempotent(caller=_client_network, sealed=('token',))
@validation.body(schemas.PLACE_ORDER)
def place_order(body):
    """Order one server of an offer: get a payment request and a token.

    ``flavor`` names an offer (flavor name or id), ``image`` one of its
    images; ``ssh_public_key`` and/or ``user_data`` reach the server. The
    order token in the answer is shown only here: keep it, it reads and
    tops up the order. Honours Idempotency-Key, bound to the client
    network: the replay gives the token again, which is stored only
    encrypted under the key.
    """
    if not body.get('ssh_public_key') and not body.get('user_data'):
        raise exception.Invalid(reason=_(
            'ssh_public_key: give ssh_public_key, user_data or both'))
    if body.get('ssh_public_key'):
        body['ssh_public_key'] = validation.ssh_public_key(
            body['ssh_public_key'])
    check_user_data_size(body.get('ssh_public_key'), body.get('user_data'))
    _check_hours(body['hours'])
    callback_urls.check_placed(body.get('callback_url'))
    seconds = body['hours'] * 3600
    if seconds < CONF.payment.minimum_purchase_seconds:
        raise exception.Invalid(reason=_('hours: at least %d') % -(
            -CONF.payment.minimum_purchase_seconds // 3600))
    price = db_orders.offer_get(body['flavor'])
    _check_image(price, body)
    network = _client_network()
    # NOTE: checked once before the payment processor is asked for an
    # invoice, and again, race-free, in the transaction that inserts.
    _retry_later(sales.check_caps, price, network)
    per_hour = offers.price_now(price, db_orders.capacity_get(
        price['flavor_id']))
    order_id = uuidutils.generate_uuid()
    token = order_token.new()
    driver = payment.configured_driver()
    info = driver.create_request(order_id, per_hour * body['hours'],
                                 CONF.payment.request_lifetime)
    order, request = _place(price, network, order_id, token, per_hour, body,
                            driver, info)
    LOG.info('Order %s placed: %s for %d h from %s', order_id,
             price['flavor_name'], body['hours'], network)
    rpcapi.EngineAPI().order_placed(order_id)
    view = order_views.buyer_view(order, [request])
    view.update({'token': token,
                 'payment_request': order_views.request_view(request),
                 'url': order_views.order_url(order_id)})
    return view, 201, {'Location': view['url']}


place_order.api_responses = {
    '201': 'The order, its payment request and its secret token.'}
place_order.api_parameters = [IDEMPOTENCY_PARAMETER]


def check_user_data_size(ssh_public_key, data):
    """Refuse what Nova would refuse after payment: too much user data."""
    size = user_data.nova_size(ssh_public_key, data)
    if size > user_data.NOVA_MAX_BYTES:
        raise exception.Invalid(reason=_(
            'user_data: with the SSH key it makes %(size)d bytes of user '
            'data after base64; Nova takes at most %(max)d') %
            {'size': size, 'max': user_data.NOVA_MAX_BYTES})


def _check_image(price, body):
    """Refuse an image the offer does not sell; fill in a URL's name."""
    if body.get('image_url'):
        _check_image_url(price, body)
        return
    for field in ('image_disk_format', 'image_checksum'):
        if field in body:
            raise exception.Invalid(reason=_(
                '%s: only with image_url') % field)
    if not body.get('image'):
        raise exception.Invalid(reason=_('image: give image or image_url'))
    images = price['images'] or []
    if images and body['image'] not in images:
        raise exception.ImageNotOffered(image=body['image'],
                                        flavor=price['flavor_name'],
                                        images=', '.join(images))
    if not images:
        _check_public_image(body['image'])


def _check_image_url(price, body):
    """A buyer's own image: allowed by the offer, and all of it given."""
    if not price.get('allow_image_url'):
        raise exception.Invalid(reason=_(
            'image_url: %s boots only the images it offers') %
            price['flavor_name'])
    if body.get('image'):
        raise exception.Invalid(reason=_(
            'image: give image or image_url, not both'))
    formats = CONF.images.disk_formats
    if body.get('image_disk_format') not in formats:
        raise exception.Invalid(reason=_(
            'image_disk_format: one of %s') % ', '.join(formats))
    algorithm, digest = image_urls.parse_checksum(body.get('image_checksum'))
    body['image_checksum'] = '%s:%s' % (algorithm, digest)
    image_urls.check(body['image_url'])
    body['image'] = image_urls.display_name(body['image_url'])


def _check_public_image(image):
    """An offer without an image list sells the cloud's public images."""
    try:
        cloud.get().glance.image_id(image, public_only=True)
    except exception.CloudResourceNotFound:
        raise exception.Invalid(reason=_(
            'image: %s is not a public image of this cloud') % image)


def _retry_later(call, *args):
    """Call; a cap's 429 tells when unpaid orders expire at the latest."""
    try:
        return call(*args)
    except exception.TooManyUnpaidOrders as exc:
        exc.headers = {'Retry-After': str(CONF.payment.request_lifetime)}
        raise


def _place(price, network, order_id, token, per_hour, body, driver, info):
    values = {
        'id': order_id,
        'state_deadline': info.expires_at,
        'flavor_id': price['flavor_id'], 'flavor_name': price['flavor_name'],
        'image': body['image'], 'price_msat_per_hour': per_hour,
        'hours_requested': body['hours'],
        'token_hash': order_token.digest(token),
        'ssh_public_key': body.get('ssh_public_key'),
        'user_data': body.get('user_data'),
        'callback_url': body.get('callback_url'),
        'client_network': network,
        'ingress_rules': price.get('ingress_rules'),
        'image_url': body.get('image_url'),
        'image_disk_format': body.get('image_disk_format'),
        'image_checksum': body.get('image_checksum'),
    }
    return _retry_later(sales.place, values,
                        request_values(info, driver, 'order'))


@orders.get('/v1/orders/<order_id>')
def show_order(order_id):
    """Show an order: with its X-Order-Token, or a Keystone token.

    The buyer sees its state, server addresses, paid time and payment
    requests; a wrong or missing token answers the 404 of a missing order.
    An operator (policy ``utter:order:get``) also sees the client network,
    the server id, the transition log and what is owed back.
    """
    if _authenticated():
        policy.authorize('utter:order:get')
        return order_views.operator_view(db_api.order_get(order_id))
    return order_views.buyer_view(order_for_buyer(order_id))


show_order.api_parameters = [TOKEN_PARAMETER]


@orders.post('/v1/orders/<order_id>/topup')
@idempotency.idempotent(caller=buyer_digest)
@validation.body(schemas.TOPUP)
def topup_order(order_id, body):
    """Buy more hours of an order, at the price fixed into it.

    Needs the X-Order-Token; for orders paid, booting, active or suspended.
    Answers a new payment request (201), or the live and still unpaid
    top-up request of the same amount (200); an order has at most
    ``[payment] max_live_requests_per_order`` live requests (429 past it).
    Honours Idempotency-Key, bound to the order token.
    """
    order = order_for_buyer(order_id)
    if order['state'] == states.AWAITING_PAYMENT:
        raise exception.OrderNotPayable(
            order_id=order_id, state=order['state'],
            reason=_('pay its payment request first'))
    if order['state'] not in TOPUP_STATES:
        raise exception.OrderNotPayable(
            order_id=order_id, state=order['state'],
            reason=_('it is closed and can no longer be topped up'))
    _check_hours(body['hours'], order['credited_seconds'] or 0)
    amount = order['price_msat_per_hour'] * body['hours']
    now = timeutils.utcnow()
    # NOTE: the invoices strangers had made through the order's LNURL have
    # a cap of their own: they never stop the buyer's top-ups.
    live = [r for r in db_payments.requests_of_order(order_id)
            if r['expires_at'] > now and r['purpose'] != lnurl.PURPOSE]
    for request in live:
        if (request['purpose'] == 'topup' and request['status'] == 'pending'
                and request['amount_msat'] == amount
                and not request['received_msat']):
            LOG.info('Order %s: live top-up request %s reused', order_id,
                     request['id'])
            return _topup_view(order_id, body, request), 200
    if len(live) >= CONF.payment.max_live_requests_per_order:
        exc = exception.TooManyPaymentRequests(order_id=order_id,
                                               count=len(live))
        wait = min(r['expires_at'] for r in live) - now
        exc.headers = {'Retry-After': str(max(
            1, int(wait.total_seconds()) + 1))}
        raise exc
    driver = payment.configured_driver()
    info = driver.create_request(order_id, amount,
                                 CONF.payment.request_lifetime)
    request = db_payments.request_create(
        dict(request_values(info, driver, 'topup'), order_id=order_id))
    LOG.info('Order %s: top-up of %d h requested', order_id, body['hours'])
    return _topup_view(order_id, body, request), 201


def _topup_view(order_id, body, request):
    return {'order_id': order_id, 'hours': body['hours'],
            'payment_request': order_views.request_view(request)}


topup_order.api_responses = {
    '200': 'The live, still unpaid payment request of the same amount.',
    '201': 'The payment request of the top-up.'}
topup_order.api_parameters = [TOKEN_PARAMETER, IDEMPOTENCY_PARAMETER]


@orders.get('/v1/orders/<order_id>/console')
def show_console(order_id):
    """The last lines of the order's server console (``length``, 1-1000).

    Needs the X-Order-Token; 409 while the order has no server.
    """
    order = order_for_buyer(order_id)
    try:
        length = int(flask.request.args.get('length', CONSOLE_LINES))
    except ValueError:
        length = 0
    if not 1 <= length <= MAX_CONSOLE_LINES:
        raise exception.Invalid(reason=_(
            'length: must be an integer from 1 to %d') % MAX_CONSOLE_LINES)
    if not order['server_id'] or order['state'] not in CONSOLE_STATES:
        raise exception.Conflict(reason=_(
            'order %(id)s is %(state)s and has no server') %
            {'id': order_id, 'state': order['state']})
    try:
        output = cloud.get().nova.console_output(order['server_id'], length)
    except exception.CloudResourceNotFound:
        # NOTE: Nova's message names the server and the cloud's internals;
        # the buyer learns only that there is no console.
        LOG.info('Order %s: no console, server %s is gone', order_id,
                 order['server_id'])
        raise exception.NotFound()
    except exception.CloudUnavailable:
        raise exception.CloudUnavailable(service='Nova',
                                         reason=_('try again later'))
    return {'order_id': order_id, 'output': output}


show_console.api_parameters = [
    TOKEN_PARAMETER,
    {'name': 'length', 'in': 'query', 'required': False,
     'schema': {'type': 'integer', 'minimum': 1,
                'maximum': MAX_CONSOLE_LINES}}]
