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

"""Top-ups of any amount over LNURL-pay (LUD-06) and Lightning address.

Each order has a random pay code (``orders.pay_code``); its LNURL encodes
``<public_url>/v1/lnurlp/<pay_code>`` and its Lightning address is
``<pay_code>@<host of public_url>`` (``/.well-known/lnurlp/<pay_code>``,
LUD-16). Both answer the same payRequest, so one metadata string, and one
callback, serve both. The pay code opens nothing but paying: the answers
show the order's price and how much it can still take, never its token,
id, state or server.

The callback asks the payment driver for an invoice of exactly the amount
asked, committing to ``sha256(metadata)``, and records it as a payment
request of purpose ``lnurl``; the driver's usual poll path credits it
through the ledger, once per payment. Anybody may call these routes, so:

* unpaid live LNURL invoices are capped per order (``[lnurl]
  max_live_invoices_per_order``, each ``[lnurl] invoice_lifetime``
  seconds), apart from the buyer's own top-ups; the same amount asked
  again gets the same live invoice;
* unpaid ones that expired are deleted once the node says they were not
  paid, so the rows an order keeps stay bounded;
* the anonymous rate limit (:mod:`utter_va.api.ratelimit`) counts them.

Errors answer ``{"status": "ERROR", "reason": ...}`` (LUD-06) with a
meaningful HTTP status, which wallets ignore. Every answer carries
``Access-Control-Allow-Origin: *`` (LUD-01) for browser wallets. LUD-12
comments are not offered: nothing a stranger writes is stored.
"""

import datetime
import re

import flask
from oslo_log import log
from oslo_utils import timeutils

from utter_va.api.v1 import order_views
from utter_va.api.v1 import orders
from utter_va import conf
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import ledger
from utter_va.orders import states
from utter_va import payment
from utter_va.payment import lnurl as protocol

CONF = conf.CONF
LOG = log.getLogger(__name__)

lnurl = flask.Blueprint('lnurl', __name__)

_AMOUNT = re.compile(r'^[0-9]{1,18}$')
#: An unpaid invoice is forgotten this long after it expired (and once the
#: node says it was not paid): a wide margin over clocks that disagree.
FORGET_AFTER = datetime.timedelta(minutes=5)


@lnurl.after_request
def _allow_any_origin(response):
    response.headers['Access-Control-Allow-Origin'] = '*'
    return response


@lnurl.errorhandler(exception.UtterVaException)
def _lnurl_error(exc):
    reason = str(exc)
    if exc.code >= 500:
        LOG.error('LNURL request failed: %s', exc)
        reason = _('The Lightning node cannot be reached; try again later.')
    response = flask.jsonify(protocol.error(reason))
    response.status_code = exc.code
    response.headers.update(exc.headers or {})
    return response


def _payable_order(pay_code):
    """The order of ``pay_code`` if it takes LNURL payments now, or raise."""
    if not order_views.lnurl_supported():
        raise exception.LNURLNotSupported(driver=CONF.payment.driver)
    order = db_orders.order_by_pay_code(pay_code)
    if order['state'] == states.AWAITING_PAYMENT:
        raise exception.LNURLNotPayable(
            reason=_('the order\'s first payment request is not paid yet'))
    if order['state'] not in states.TOPUP:
        raise exception.LNURLNotPayable(
            reason=_('the order is closed'))
    return order


def _metadata(order):
    domain = protocol.address_domain(order_views.base_url())
    identifier = (protocol.address(order['pay_code'], domain)
                  if domain else None)
    return protocol.metadata(_(
        'Paid time for a %(flavor)s server at %(sats)d sats per hour') % {
        'flavor': order['flavor_name'],
        'sats': order['price_msat_per_hour'] // order_views.MSAT_PER_SAT},
        identifier)


def _sendable(order):
    least, most = ledger.sendable_msat(order, CONF.lnurl.min_sendable_msat)
    if least > most:
        raise exception.LNURLNotPayable(reason=_(
            'the order holds the most paid time allowed'))
    return least, most


@lnurl.get('/v1/lnurlp/<pay_code>')
def pay_request(pay_code):
    """The LNURL-pay request of an order (LUD-06): what it takes.

    Anybody may pay it: ``minSendable`` buys one second,
    ``maxSendable`` the paid time the order may still hold, at the
    order's price; ``callback`` gives the invoice.
    """
    order = _payable_order(pay_code)
    least, most = _sendable(order)
    return {'tag': protocol.TAG,
            'callback': order_views.pay_url(pay_code) + '/callback',
            'minSendable': least, 'maxSendable': most,
            'metadata': _metadata(order)}


pay_request.api_responses = {
    '200': 'The payRequest (LUD-06), or an LNURL error.'}


@lnurl.get(protocol.WELL_KNOWN + '<pay_code>')
def lightning_address(pay_code):
    """The Lightning address ``<pay code>@<domain>`` of an order (LUD-16).

    The same payRequest as ``/v1/lnurlp/<pay code>``.
    """
    return pay_request(pay_code)


lightning_address.api_responses = pay_request.api_responses


@lnurl.get('/v1/lnurlp/<pay_code>/callback')
def pay_callback(pay_code):
    """An invoice of ``amount`` msat for the order (LUD-06 callback).

    Its description hash is the sha256 of the payRequest's metadata.
    An amount out of [minSendable, maxSendable] or not an integer gets an
    LNURL error; so does an order with too many unpaid invoices (429).
    """
    order = _payable_order(pay_code)
    least, most = _sendable(order)
    amount = _amount(flask.request.args.get('amount'), least, most)
    request = _invoice(order, amount)
    return {'pr': request['invoice'], 'routes': []}


pay_callback.api_responses = {
    '200': 'The invoice ({"pr": ..., "routes": []}), or an LNURL error.'}
pay_callback.api_parameters = [
    {'name': 'amount', 'in': 'query', 'required': True,
     'schema': {'type': 'integer', 'minimum': 1}}]


def _amount(value, least, most):
    if value is None or not _AMOUNT.match(value):
        raise exception.LNURLAmountInvalid(reason=_(
            'give the amount in millisatoshis, as a whole number'))
    amount = int(value)
    if not least <= amount <= most:
        raise exception.LNURLAmountInvalid(reason=_(
            'must be from %(least)d to %(most)d millisatoshis') %
            {'least': least, 'most': most})
    return amount


def _invoice(order, amount):
    """A live unpaid LNURL invoice of ``amount``, or a new one."""
    now = timeutils.utcnow()
    lifetime = CONF.lnurl.invoice_lifetime
    unpaid = [r for r in db_payments.requests_of_order(order['id'])
              if r['purpose'] == protocol.PURPOSE and not r['received_msat']]
    live = [r for r in unpaid if r['expires_at'] > now]
    # NOTE: reused only while a wallet still has time to pay it.
    fresh = now + datetime.timedelta(seconds=lifetime // 2)
    for request in live:
        if request['amount_msat'] == amount and request['expires_at'] > fresh:
            return request
    driver = payment.configured_driver()
    _forget(driver, order['id'],
            [r for r in unpaid if r['expires_at'] < now - FORGET_AFTER])
    if len(live) >= CONF.lnurl.max_live_invoices_per_order:
        wait = min(r['expires_at'] for r in live) - now
        raise _too_many(len(live), max(1, int(wait.total_seconds()) + 1))
    info = driver.create_lnurl_invoice(
        order['id'], amount, protocol.description_hash(_metadata(order)),
        lifetime)
    LOG.info('Order %s: LNURL invoice of %d msat made', order['id'], amount)
    return db_payments.request_create(dict(
        orders.request_values(info, driver, protocol.PURPOSE),
        order_id=order['id']))


def _too_many(count, seconds):
    exc = exception.TooManyLNURLInvoices(count=count, seconds=seconds)
    exc.headers = {'Retry-After': str(seconds)}
    return exc


def _forget(driver, order_id, expired):
    """Delete expired unpaid invoices, once the node says so.

    A payment the node reports for one of them is applied first, then
    that request is kept.
    """
    if not expired:
        return
    events = driver.poll(expired)
    for event in events:
        ledger.apply_event(driver.name, event, actor='lnurl')
    if events:
        rpcapi.EngineAPI().payment_recorded(order_id)
    forgotten = db_payments.requests_forget_unpaid([r['id'] for r in expired])
    LOG.debug('Order %s: %d expired LNURL invoices forgotten', order_id,
              forgotten)
