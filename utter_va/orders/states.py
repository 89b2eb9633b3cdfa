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

"""The states of an order, the events that move it, and the one table of
which event moves which state where.

``awaiting_payment -> paid -> booting -> active <-> suspended ->
terminated``; ``awaiting_payment -> expired``; ``active <-> rebooting``
and ``active <-> rebuilding`` at the buyer's request (paid time running
out suspends them too); ``booting`` or any running state ``-> failed``;
any live state ``-> cancelled`` (or ``terminated``) by an operator.
:data:`TRANSITIONS` is the whole of it:
:func:`utter_va.orders.transitions.transition` refuses any (state, event)
pair that is not in it.
"""

AWAITING_PAYMENT = 'awaiting_payment'
PAID = 'paid'
BOOTING = 'booting'
ACTIVE = 'active'
SUSPENDED = 'suspended'
REBOOTING = 'rebooting'
REBUILDING = 'rebuilding'
TERMINATED = 'terminated'
EXPIRED = 'expired'
FAILED = 'failed'
CANCELLED = 'cancelled'

#: Paid for, no server running yet.
UNBOOTED = (PAID, BOOTING)
#: The buyer asked for its server to be rebooted or rebuilt, and Nova is
#: doing it.
BUSY = (REBOOTING, REBUILDING)
#: A server runs (or is suspended) on paid time.
RUNNING = (ACTIVE,) + BUSY + (SUSPENDED,)
#: Paid for and not closed: more paid time may be bought (a top-up).
TOPUP = UNBOOTED + RUNNING
#: The order may still change state by itself.
LIVE = (AWAITING_PAYMENT,) + UNBOOTED + RUNNING
#: The order is over; a payment to it is owed back.
CLOSED = (TERMINATED, FAILED, EXPIRED, CANCELLED)
ALL = LIVE + CLOSED

# The events. Each names what happened, not where the order goes.
#: A payment was credited to an unpaid order.
PAY = 'pay'
#: Every payment request of an unpaid order expired.
EXPIRE = 'expire'
#: The engine starts booting a paid order's server.
BOOT = 'boot'
#: Nova reports the server ACTIVE (booted, rebooted or rebuilt).
ACTIVATE = 'activate'
#: The paid time ran out.
SUSPEND = 'suspend'
#: A top-up paid more time for a suspended order.
RESUME = 'resume'
#: The grace period of a suspended order is over.
GRACE_OVER = 'grace_over'
#: The buyer asked for its server to be rebooted.
REBOOT = 'reboot'
#: The buyer asked for its server to be rebuilt with the order's image.
REBUILD = 'rebuild'
#: The server could not boot, or was lost outside utter-va.
FAIL = 'fail'
#: An operator cancelled the order (unused time is owed back).
CANCEL = 'cancel'
#: An operator terminated the order (for abuse: nothing is owed back).
TERMINATE = 'terminate'

EVENTS = (PAY, EXPIRE, BOOT, ACTIVATE, SUSPEND, RESUME, GRACE_OVER, REBOOT,
          REBUILD, FAIL, CANCEL, TERMINATE)

#: (state, event) -> state: every move an order can make.
TRANSITIONS = {
    (AWAITING_PAYMENT, PAY): PAID,
    (AWAITING_PAYMENT, EXPIRE): EXPIRED,
    (PAID, BOOT): BOOTING,
    (BOOTING, ACTIVATE): ACTIVE,
    (ACTIVE, SUSPEND): SUSPENDED,
    (ACTIVE, REBOOT): REBOOTING,
    (ACTIVE, REBUILD): REBUILDING,
    (SUSPENDED, RESUME): ACTIVE,
    (SUSPENDED, GRACE_OVER): TERMINATED,
}
TRANSITIONS.update({(state, event): target for state in BUSY
                    for event, target in ((ACTIVATE, ACTIVE),
                                          (SUSPEND, SUSPENDED))})
TRANSITIONS.update({(state, FAIL): FAILED
                    for state in (BOOTING,) + RUNNING})
TRANSITIONS.update({(state, CANCEL): CANCELLED for state in LIVE})
TRANSITIONS.update({(state, TERMINATE): TERMINATED for state in LIVE})

#: The state every order starts in.
INITIAL = AWAITING_PAYMENT


#: event -> the one state it moves an order to, from wherever it may.
EVENT_TARGETS = {event: target for (_state, event), target
                 in TRANSITIONS.items()}


def table():
    """The transition table as (state, event, target) rows, in order."""
    return [(state, event, TRANSITIONS[(state, event)])
            for state in ALL for event in EVENTS
            if (state, event) in TRANSITIONS]
