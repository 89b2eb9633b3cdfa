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

"""The buyer's server tasks: reboot, and rebuild with the order's image.

A buyer asks with the order token; :func:`reboot` and :func:`rebuild`
record the request as the order's move to ``rebooting`` or
``rebuilding`` and make the order due now. They never call Nova: the
engine sends the task (:mod:`utter_va.orders.lifecycle`,
:mod:`utter_va.orders.actions`) and moves the order back to ``active``
once Nova reports the server ACTIVE again.

Only an ``active`` order whose paid time runs and whose server Nova last
reported ACTIVE takes a task, one at a time: a buyer who asks again while
one runs is refused, so no buyer makes Nova do more than one task of its
server at once.
"""

from oslo_utils import timeutils

from utter_va.db import api as db_api
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import states
from utter_va.orders import transitions

REBOOT_TYPES = ('SOFT', 'HARD')


def reboot(order_id, reboot_type='SOFT', actor=None):
    """Record a buyer's reboot of an active order; return the order.

    Raises OrderNotFound, or OrderActionRefused (409) when the order is
    not active, a task already runs, or its paid time is over.
    """
    if reboot_type not in REBOOT_TYPES:
        raise exception.Invalid(reason=_('type: must be one of %s') %
                                ', '.join(REBOOT_TYPES))
    return _request(order_id, states.REBOOT,
                    '%s reboot asked by the buyer' % reboot_type.lower(),
                    {'reboot_type': reboot_type}, actor)


def rebuild(order_id, ssh_public_key=None, actor=None):
    """Record a buyer's rebuild of an active order; return the order.

    The server is rebuilt from the order's own image; ``ssh_public_key``
    (already validated), when given, replaces the order's key. Raises as
    :func:`reboot` does.
    """
    values = {'ssh_public_key': ssh_public_key} if ssh_public_key else {}
    cause = 'rebuild asked by the buyer' + (
        ', with a new SSH key' if ssh_public_key else '')
    return _request(order_id, states.REBUILD, cause, values, actor)


def _request(order_id, event, cause, values, actor):
    now = timeutils.utcnow()
    with db_api.writer() as session:
        order = transitions.lock_existing(session, order_id)
        _check(order, now)
        transitions.transition(session, order, event, cause, actor=actor)
        for column, value in values.items():
            setattr(order, column, value)
        order.task_sent_at = None
        # NOTE: due now, so that the engine's sweep sends it even if the
        # API's nudge is lost.
        order.state_deadline = now
        return order.to_dict()


def _check(order, now):
    def refuse(reason):
        return exception.OrderActionRefused(order_id=order.id,
                                            state=order.state, reason=reason)

    if order.state in states.BUSY:
        raise refuse(_('a reboot or rebuild is already in progress; wait '
                       'until the order is active again'))
    if order.state != states.ACTIVE:
        raise refuse(_('only an active order can be rebooted or rebuilt'))
    if order.paid_until is None or order.paid_until <= now:
        raise refuse(_('its paid time is over; top it up first'))
    if order.server_state != 'ACTIVE':
        raise refuse(_('its server is %s; try again when it is ACTIVE') %
                     (order.server_state or _('unknown')))
