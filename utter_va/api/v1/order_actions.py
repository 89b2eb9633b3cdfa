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

"""Buyers' server actions: reboot, and rebuild with the order's image.

Each needs the order's X-Order-Token (a wrong or missing one gets the 404
of a missing order) and answers 202 with the buyer's view of the order,
now ``rebooting`` or ``rebuilding``: the API records the request in the
order domain (:mod:`utter_va.orders.tasks`) and nudges the engine, which
makes the call to Nova and moves the order back to ``active`` once Nova
reports the server ACTIVE again. 409 when the order is not active, its
paid time is over, or a reboot or rebuild is already in progress.
"""

import flask
from oslo_log import log

from utter_va.api import idempotency
from utter_va.api.schemas import orders as schemas
from utter_va.api.v1 import order_views
from utter_va.api.v1 import orders
from utter_va.api import validation
from utter_va.engine import rpcapi
from utter_va.orders import tasks

LOG = log.getLogger(__name__)

order_actions = flask.Blueprint('order_actions', __name__)

_RESPONSES = {'202': 'The order, now rebooting or rebuilding.'}
_PARAMETERS = [orders.TOKEN_PARAMETER, orders.IDEMPOTENCY_PARAMETER]


def _accepted(order):
    rpcapi.EngineAPI().server_task_requested(order['id'])
    return order_views.buyer_view(order), 202


@order_actions.post('/v1/orders/<order_id>/reboot')
@idempotency.idempotent(caller=orders.buyer_digest)
@validation.body(schemas.REBOOT, optional=True)
def reboot_order(order_id, body):
    """Reboot the order's server: ``type`` SOFT (the default) or HARD.

    Needs the X-Order-Token; for active orders only (409 otherwise, and
    while a reboot or rebuild runs). The order is ``rebooting`` until
    Nova reports the server ACTIVE again; paid time keeps running.
    Honours Idempotency-Key, bound to the order token.
    """
    order = tasks.reboot(order_id, body.get('type', 'SOFT'), actor='buyer')
    LOG.info('Order %s: %s reboot asked', order_id, order['reboot_type'])
    return _accepted(order)


reboot_order.api_responses = _RESPONSES
reboot_order.api_parameters = _PARAMETERS


@order_actions.post('/v1/orders/<order_id>/rebuild')
@idempotency.idempotent(caller=orders.buyer_digest)
@validation.body(schemas.REBUILD, optional=True)
def rebuild_order(order_id, body):
    """Rebuild the order's server from the order's own image.

    Its disk is made afresh; ``ssh_public_key``, when given, replaces the
    order's key and reaches the rebuilt server. Needs the X-Order-Token;
    for active orders only (409 otherwise, and while a reboot or rebuild
    runs). The order is ``rebuilding`` until Nova reports the server
    ACTIVE again; paid time keeps running. Honours Idempotency-Key, bound
    to the order token.
    """
    order = orders.order_for_buyer(order_id)
    key = body.get('ssh_public_key')
    if key:
        key = validation.ssh_public_key(key)
        orders.check_user_data_size(key, order['user_data'])
    order = tasks.rebuild(order_id, key, actor='buyer')
    LOG.info('Order %s: rebuild asked%s', order_id,
             ' with a new SSH key' if key else '')
    return _accepted(order)


rebuild_order.api_responses = _RESPONSES
rebuild_order.api_parameters = _PARAMETERS
