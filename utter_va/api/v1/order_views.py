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

"""How orders, payment requests and payments look through the API.

The buyer's view never shows what identifies the buyer or the cloud
(client network, callback URL, server id); the operator's view adds them,
with the order's transition log and what is owed back. The buyer's view
also gives the order's LNURL-pay link and Lightning address, which anybody
may pay: they name the order by its pay code, never by its token.
"""

import datetime

from oslo_log import log

from utter_va.common import loader
from utter_va import conf
from utter_va.conf import api as api_conf
from utter_va.db import api as db_api
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va.orders import reach
from utter_va.orders import states
from utter_va import payment
from utter_va.payment import lnurl

CONF = conf.CONF
LOG = log.getLogger(__name__)

MSAT_PER_SAT = 1000


def sats(msat):
    """Whole satoshis that pay ``msat`` (rounded up)."""
    return -(-(msat or 0) // MSAT_PER_SAT)


def base_url():
    """The URL buyers reach the API at, without a trailing slash.

    From the configuration only, never from the request's Host header.
    """
    return api_conf.public_url(CONF)


def order_url(order_id):
    """The URL of an order."""
    return '%s/v1/orders/%s' % (base_url(), order_id)


def pay_url(pay_code):
    """The LNURL-pay URL (LUD-06) of an order's pay code."""
    return '%s/v1/lnurlp/%s' % (base_url(), pay_code)


def lnurl_supported():
    """Whether orders get LNURL-pay links: enabled, and a Lightning driver."""
    return CONF.lnurl.enabled and payment.configured_driver().supports_lnurl


def lnurl_view(order):
    """The order's ``lnurl`` and ``lightning_address``, or None for each.

    None where the payment driver has no Lightning or the order cannot be
    topped up; the Lightning address also where ``[api] public_url`` is
    not a URL a wallet reaches it at (see
    :func:`utter_va.payment.lnurl.address_domain`).
    """
    view = {'lnurl': None, 'lightning_address': None}
    if (order['state'] not in states.TOPUP or not order.get('pay_code') or
            not lnurl_supported()):
        return view
    view['lnurl'] = lnurl.encode(pay_url(order['pay_code']))
    domain = lnurl.address_domain(base_url())
    if domain:
        view['lightning_address'] = lnurl.address(order['pay_code'], domain)
    return view


def confirmations_required(driver_name):
    """Confirmations the driver of a request waits for (1 if unknown)."""
    try:
        return loader.load('utter_va.payment',
                           driver_name).confirmations_required
    except Exception:
        LOG.warning('Payment driver %s cannot be loaded; its requests show '
                    'one confirmation required', driver_name)
        return 1


def buyer_payment_view(paid):
    """A payment to a request, as its buyer sees it (no money key)."""
    return {'amount_sats': paid['amount_msat'] // MSAT_PER_SAT,
            'status': paid['status'],
            'confirmations': paid['confirmations'],
            'created_at': paid['created_at']}


def request_view(request, payments=()):
    """A payment request as a buyer pays it, with the payments to it."""
    mine = [p for p in payments if p['payment_request_id'] == request['id']]
    return {
        'purpose': request['purpose'],
        'amount_msat': request['amount_msat'],
        'amount_sats': sats(request['amount_msat']),
        'address': request['address'],
        'invoice': request['invoice'],
        'payment_uri': request['payment_uri'],
        'expires_at': request['expires_at'],
        'status': request['status'],
        'received_msat': request['received_msat'] or 0,
        'received_sats': (request['received_msat'] or 0) // MSAT_PER_SAT,
        'confirmations_required': confirmations_required(request['driver']),
        'payments': [buyer_payment_view(p) for p in mine],
    }


def delete_after(order):
    """When the server will be deleted unless the order is topped up."""
    grace = datetime.timedelta(seconds=CONF.orders.grace_period)
    if order['state'] == states.SUSPENDED and order.get('suspended_at'):
        return order['suspended_at'] + grace
    if order['state'] in states.RUNNING and order['paid_until']:
        return order['paid_until'] + grace
    return None


def owed_back_sats(order_id):
    """What is or was owed back to the buyer of an order, in sats."""
    return sats(sum(r['amount_msat']
                    for r in db_orders.refunds_of_order(order_id)
                    if r['status'] != db_payments.VOID))


def own_image_view(order):
    """The buyer's own image of an order (None: one of the offer's).

    ``status`` is ``importing`` until Glance has it and its checksum was
    checked, then ``ready``; an order that failed on its image says why
    in its close reason.
    """
    if not order.get('image_url'):
        return None
    return {'url': order['image_url'],
            'disk_format': order['image_disk_format'],
            'checksum': order['image_checksum'],
            'status': 'ready' if order.get('image_imported_at')
            else 'importing'}


def buyer_view(order, requests=None):
    """An order as its buyer sees it with the order token."""
    if requests is None:
        requests = db_payments.requests_of_order(order['id'])
    payments = db_payments.payments_of_order(order['id'])
    return {
        'id': order['id'],
        'state': order['state'],
        'close_reason': order['close_reason'],
        'flavor': order['flavor_name'],
        'flavor_id': order['flavor_id'],
        'image': order['image'],
        'own_image': own_image_view(order),
        'hours_requested': order['hours_requested'],
        'sats_per_hour': order['price_msat_per_hour'] // MSAT_PER_SAT,
        'paid_sats': (order['paid_msat'] or 0) // MSAT_PER_SAT,
        'credited_seconds': order['credited_seconds'] or 0,
        'paid_until': order['paid_until'],
        'delete_after': delete_after(order),
        'grace_period_seconds': CONF.orders.grace_period,
        'owed_back_sats': owed_back_sats(order['id']),
        'server': reach.server_view(order.get('server_state'),
                                    order['server_addresses'],
                                    order.get('floating_ip_address'),
                                    order['image']),
        'payment_requests': [request_view(r, payments) for r in requests],
        'topup_url': order_url(order['id']) + '/topup',
        **lnurl_view(order),
        'created_at': order['created_at'],
        'updated_at': order['updated_at'],
    }


def summary_view(order):
    """One order in the operator's list."""
    return {
        'id': order['id'], 'state': order['state'],
        'close_reason': order['close_reason'],
        'flavor': order['flavor_name'], 'flavor_id': order['flavor_id'],
        'image': order['image'],
        'sats_per_hour': order['price_msat_per_hour'] // MSAT_PER_SAT,
        'paid_sats': (order['paid_msat'] or 0) // MSAT_PER_SAT,
        'paid_until': order['paid_until'],
        'server_id': order['server_id'],
        'client_network': order['client_network'],
        'created_at': order['created_at'],
        'updated_at': order['updated_at'],
    }


def refund_view(refund):
    """An amount owed (or once owed) back to a buyer."""
    return {'id': refund['id'], 'payment_id': refund['payment_id'],
            'amount_msat': refund['amount_msat'],
            'amount_sats': refund['amount_msat'] // MSAT_PER_SAT,
            'reason': refund['reason'], 'status': refund['status'],
            'created_at': refund['created_at'],
            'settled_at': refund['settled_at']}


def payment_view(payment):
    """A payment recorded by the ledger."""
    return {'id': payment['id'], 'driver': payment['driver'],
            'money_key': payment['money_key'],
            'amount_msat': payment['amount_msat'],
            'status': payment['status'],
            'confirmations': payment['confirmations'],
            'credited_msat': payment['credited_msat'],
            'credited_seconds': payment['credited_seconds'],
            'created_at': payment['created_at'],
            'reversed_at': payment['reversed_at']}


def operator_view(order):
    """An order as the operator sees it: the buyer's view and more."""
    view = buyer_view(order)
    view.update({
        'client_network': order['client_network'],
        'callback_url': order['callback_url'],
        'server_id': order['server_id'],
        'security_group_id': order.get('security_group_id'),
        'floating_ip_id': order.get('floating_ip_id'),
        'image_glance_id': order.get('image_glance_id'),
        'boot_attempts': order['boot_attempts'],
        'state_deadline': order['state_deadline'],
        'activated_at': order['activated_at'],
        'suspended_at': order['suspended_at'],
        'closed_at': order['closed_at'],
        'transitions': [
            {'from_state': t['from_state'], 'to_state': t['to_state'],
             'cause': t['cause'], 'detail': t['detail'],
             'actor': t['actor'], 'at': t['created_at']}
            for t in db_api.order_transitions(order['id'])],
        'refunds': [refund_view(r)
                    for r in db_orders.refunds_of_order(order['id'])],
    })
    return view
