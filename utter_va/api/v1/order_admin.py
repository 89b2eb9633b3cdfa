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

"""Operator routes of orders: list them, close them, see their payments.

Reading one order (``GET /v1/orders/<id>``) is served by
:mod:`utter_va.api.v1.orders`, which shows the operator's view to a
Keystone token.
"""

import urllib.parse

import flask
from oslo_utils import timeutils

from utter_va.api import policy
from utter_va.api.v1 import order_views
from utter_va.db import api as db_api
from utter_va.db import orders as db_orders
from utter_va.db import payments as db_payments
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import closing
from utter_va.orders import states

order_admin = flask.Blueprint('order_admin', __name__)

STATES = states.ALL
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _limit(text):
    try:
        limit = int(text)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise exception.Invalid(reason=_(
            'limit: must be an integer from 1 to %d') % MAX_LIMIT)
    return limit


def _since(text):
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(text))
    except (ValueError, OverflowError):
        raise exception.Invalid(reason=_(
            'since: must be an ISO 8601 time, e.g. 2025-01-31T12:00:00Z'))


@order_admin.get('/v1/orders')
def list_orders():
    """List orders, newest first.

    Filters: ``state``, ``flavor`` (name or id), ``since`` (ISO 8601;
    created at or after). Pages: ``limit`` (1 to 1000, default 100) and
    ``marker`` (the id of the last order of the previous page); the answer
    has a ``next`` link while more may follow.
    """
    policy.authorize('utter:order:list')
    args = flask.request.args
    state = args.get('state')
    if state is not None and state not in STATES:
        raise exception.Invalid(reason=_('state: must be one of %s') %
                                ', '.join(STATES))
    limit = _limit(args.get('limit', DEFAULT_LIMIT))
    since = _since(args['since']) if args.get('since') else None
    marker = args.get('marker') or None
    try:
        rows = db_orders.order_list(state=state, flavor=args.get('flavor'),
                                    since=since, limit=limit, marker=marker)
    except exception.OrderNotFound:
        raise exception.Invalid(reason=_('marker: no order %s') % marker)
    answer = {'orders': [order_views.summary_view(o) for o in rows]}
    if len(rows) == limit:
        query = {k: v for k, v in args.items() if k != 'marker'}
        query['marker'] = rows[-1]['id']
        answer['next'] = '%s/v1/orders?%s' % (
            order_views.base_url(), urllib.parse.urlencode(sorted(
                query.items())))
    return answer


list_orders.api_parameters = [
    {'name': 'state', 'in': 'query', 'required': False,
     'schema': {'type': 'string', 'enum': list(STATES)}},
    {'name': 'flavor', 'in': 'query', 'required': False,
     'schema': {'type': 'string'}},
    {'name': 'since', 'in': 'query', 'required': False,
     'schema': {'type': 'string', 'format': 'date-time'}},
    {'name': 'limit', 'in': 'query', 'required': False,
     'schema': {'type': 'integer', 'minimum': 1, 'maximum': MAX_LIMIT}},
    {'name': 'marker', 'in': 'query', 'required': False,
     'schema': {'type': 'string'}},
]


def _close(order_id, target):
    order = closing.close_by_operator(order_id, target,
                                      actor=flask.g.context.user_id)
    rpcapi.EngineAPI().order_closed(order_id)
    return order_views.operator_view(order)


@order_admin.post('/v1/orders/<order_id>/cancel')
def cancel_order(order_id):
    """Cancel a live order; its server, if any, is deleted.

    What was paid and not used is recorded as owed back to the buyer.
    409 when the order is already closed.
    """
    policy.authorize('utter:order:cancel')
    return _close(order_id, 'cancelled')


@order_admin.post('/v1/orders/<order_id>/terminate')
def terminate_order(order_id):
    """Terminate a live order now; its server, if any, is deleted.

    Nothing is owed back (for abuse); cancel to refund the unused time.
    409 when the order is already closed.
    """
    policy.authorize('utter:order:terminate')
    return _close(order_id, 'terminated')


@order_admin.get('/v1/orders/<order_id>/payments')
def list_order_payments(order_id):
    """The payment requests, payments and refunds of an order."""
    policy.authorize('utter:order:payment:list')
    db_api.order_get(order_id)
    return {
        'payment_requests': [order_views.request_view(r) for r in
                             db_payments.requests_of_order(order_id)],
        'payments': [order_views.payment_view(p) for p in
                     db_payments.payments_of_order(order_id)],
        'refunds': [order_views.refund_view(r) for r in
                    db_orders.refunds_of_order(order_id)],
    }
