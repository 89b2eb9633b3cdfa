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

"""The order lifecycle's decisions: what each order's server should be.

An order's state says what its server should be (none yet, ACTIVE,
SUSPENDED, deleted, rebooted or rebuilt for its buyer). :func:`decide`
compares that with what Nova last reported, records in the database what
follows (a state change, a boot attempt, when to look again) and returns
the one remote :class:`Action` that makes it so, if any: boot, suspend,
resume, reboot, rebuild, delete, or read the server, make, attach and
remove the order's security group and floating IP in Neutron (see
:mod:`utter_va.orders.network`), or import, check and remove the buyer's
own image in Glance (see :mod:`utter_va.orders.images`). It runs on an
order
the caller holds locked and never calls a remote service itself;
:mod:`utter_va.orders.actions` carries the action out once the lock is
released, and records its outcome in a transaction of its own.

It always leaves ``state_deadline`` at the time the order next needs
looking at (None: never again), so a sweep finds due orders with one
indexed range query. When an action is returned, the deadline is its
retry time: an engine that dies before the outcome is recorded leaves the
order due again, and the next one decides afresh.

A boot is decided in its own transaction: the attempt is committed (with
the time it was sent) before Nova is asked. An engine that dies in
between leaves a mark; after the settle time the next engine looks for
the server by its name and order id before it ever boots again, so no
crash makes two servers.

The paid clock starts when the server becomes ACTIVE: ``paid_until = now +
credited_seconds``. It keeps running while the buyer's server is rebooted
or rebuilt (``rebooting``, ``rebuilding``): the buyer pays for wall-clock
time. Such a task is marked sent (``task_sent_at``) when it is decided;
the first ACTIVE Nova reports after that mark ends it.
"""

import collections
import datetime

from oslo_log import log
import sqlalchemy as sa

from utter_va import conf
from utter_va.db import models
from utter_va.orders import closing
from utter_va.orders import network
from utter_va.orders import states
from utter_va.orders import transitions

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: Read the server from Nova and record what it says.
SHOW = 'show'
#: Look for the server of a boot whose outcome was never recorded.
FIND = 'find'
#: Send the boot of the attempt just committed.
BOOT = 'boot'
#: Delete a server that failed to boot (another attempt follows).
REPLACE = 'replace'
SUSPEND = 'suspend'
RESUME = 'resume'
#: The buyer's server tasks: reboot (SOFT or HARD), rebuild.
REBOOT = 'reboot'
HARD_REBOOT = 'hard_reboot'
REBUILD = 'rebuild'
#: Delete the server of a closed order.
REMOVE = 'remove'
#: Delete a server that is not the order's (a boot that lost a race).
DISCARD = 'discard'
#: Make (or find) the order's security group, before its boot.
SECURE = 'secure'
#: Attach the order's floating IP to its ACTIVE server's port.
PUBLISH = 'publish'
#: Remove the floating IP and security group of a closed order.
RELEASE = 'release'
#: Start (or find) the Glance import of the buyer's own image.
IMPORT = 'import'
#: See whether the import is done and the image the buyer's.
CHECK_IMAGE = 'check_image'
#: Delete (or keep, [images] cache_count) a closed order's image.
DROP_IMAGE = 'drop_image'

#: One remote call for :mod:`utter_va.orders.actions` to make.
Action = collections.namedtuple('Action', ['kind', 'server_id'])

#: Server states that end a running order when Nova reports them.
_LOST = {'DELETED': closing.DELETED_OUTSIDE,
         'SOFT_DELETED': closing.DELETED_OUTSIDE,
         'SHELVED': closing.SHELVED_OUTSIDE,
         'SHELVED_OFFLOADED': closing.SHELVED_OUTSIDE,
         'ERROR': closing.SERVER_ERROR}


def _seconds(value):
    return datetime.timedelta(seconds=value)


def retry_at(now):
    """When an action not confirmed yet is tried again."""
    return now + _seconds(CONF.orders.action_retry_interval)


def settle_time():
    """How long a sent boot may take before its server is looked for."""
    return _seconds(CONF.orders.boot_settle_time)


def follow_boot(order, now):
    """Look at a booting order's new server again soon."""
    order.state_deadline = min(retry_at(now), order.boot_requested_at +
                               _seconds(CONF.orders.boot_timeout))


def decide(session, order, now, fresh=False):
    """Decide for one locked order; return an Action, or None.

    ``fresh`` says the server's state was just read from Nova (or told by
    a notification), so it need not be read again.
    """
    return _HANDLERS[order.state](session, order, now, fresh)


def _awaiting_payment(session, order, now, fresh):
    closing.expire_locked(session, order, now)


def _paid(session, order, now, fresh):
    transitions.transition(session, order, states.BOOT, 'boot requested')
    return _booting(session, order, now, fresh)


def _booting(session, order, now, fresh):
    if order.server_id is None:
        return prepare_boot(session, order, now)
    timeout_at = order.boot_requested_at + _seconds(CONF.orders.boot_timeout)
    polled = order.state_deadline is not None and order.state_deadline <= now
    unknown = order.server_state not in ('ACTIVE', 'ERROR')
    if polled and not fresh and unknown:
        # NOTE: notifications say when it is ACTIVE; this is the safety
        # net of a lost one, when the order falls due.
        order.state_deadline = retry_at(now)
        return Action(SHOW, order.server_id)
    if order.server_state == 'ACTIVE' and now < timeout_at and \
            network.wants_floating_ip() and order.floating_ip_address is None:
        # NOTE: ACTIVE for the buyer means reachable: the paid clock
        # starts once the floating IP is on the server's port.
        order.state_deadline = min(retry_at(now), timeout_at)
        return Action(PUBLISH, order.server_id)
    if order.server_state == 'ACTIVE' and (
            order.floating_ip_address or not network.wants_floating_ip()):
        order.activated_at = now
        order.paid_until = now + _seconds(order.credited_seconds)
        order.state_deadline = order.paid_until
        transitions.transition(session, order, states.ACTIVATE,
                               'server ACTIVE')
        return None
    if order.server_state in ('ERROR', 'DELETED') or now >= timeout_at:
        LOG.warning('Order %s: server %s is %s after attempt %d; deleting '
                    'it', order.id, order.server_id, order.server_state,
                    order.boot_attempts)
        order.state_deadline = retry_at(now)
        return Action(REPLACE, order.server_id)
    order.state_deadline = min(retry_at(now), timeout_at)
    return None


def _paid_at(session, order):
    return session.scalar(sa.select(
        sa.func.min(models.OrderTransition.created_at)).where(
            models.OrderTransition.order_id == order.id,
            models.OrderTransition.to_state == states.PAID))


def boot_too_late(session, order, now):
    """Whether a paid order waited longer than ``[orders] paid_timeout``."""
    paid_at = _paid_at(session, order) or now
    return now - paid_at > _seconds(CONF.orders.paid_timeout)


def prepare_boot(session, order, now):
    """Decide the next boot attempt of a booting order with no server."""
    if order.boot_requested_at is not None:
        # NOTE: a boot was sent and its outcome never recorded (an engine
        # died, or Nova did not answer): find its server before anything.
        settled_at = order.boot_requested_at + settle_time()
        if now < settled_at:
            order.state_deadline = settled_at
            return None
        order.state_deadline = retry_at(now)
        return Action(FIND, None)
    if order.boot_attempts > CONF.orders.boot_retries:
        closing.close(session, order, states.FAIL, closing.BOOT_FAILED,
                      'boot failed %d times' % order.boot_attempts, now)
        return None
    if order.image_url and order.image_imported_at is None:
        return _import_image(session, order, now)
    if boot_too_late(session, order, now):
        closing.close(session, order, states.FAIL, closing.BOOT_NOT_STARTED,
                      'no boot could start in time', now)
        return None
    if network.wants_group() and order.security_group_id is None:
        order.state_deadline = retry_at(now)
        return Action(SECURE, None)
    order.boot_attempts += 1
    order.boot_requested_at = now
    order.state_deadline = now + settle_time()
    return Action(BOOT, None)


def _import_image(session, order, now):
    """The next step of the buyer's own image before the first boot."""
    if order.image_glance_id is None:
        order.state_deadline = retry_at(now)
        return Action(IMPORT, None)
    started = order.image_import_started_at or now
    if now - started > _seconds(CONF.images.import_timeout):
        closing.close(session, order, states.FAIL,
                      closing.IMAGE_IMPORT_FAILED, 'image import timed out',
                      now, detail='not done after %d s' %
                      CONF.images.import_timeout)
        return _closed(session, order, now, True)
    order.state_deadline = now + _seconds(CONF.images.import_poll_interval)
    return Action(CHECK_IMAGE, None)


def _active(session, order, now, fresh):
    if order.server_state in _LOST:
        return _server_lost(session, order, now)
    if order.paid_until <= now:
        if order.server_state == 'SUSPENDED':
            return suspend(session, order, now)
        # NOTE: the order moves to suspended once Nova took the suspend
        # (see utter_va.orders.actions); a top-up that arrives meanwhile
        # keeps it active.
        LOG.info('Order %s: paid time over; suspending server %s',
                 order.id, order.server_id)
        order.state_deadline = retry_at(now)
        return Action(SUSPEND, order.server_id)
    if order.server_state == 'SUSPENDED':
        order.state_deadline = min(retry_at(now), order.paid_until)
        return Action(RESUME, order.server_id)
    order.state_deadline = order.paid_until
    return None


def suspend(session, order, now):
    """Move an active order whose paid time is over to suspended."""
    order.suspended_at = now
    transitions.transition(session, order, states.SUSPEND, 'paid time over')
    delete_at = order.suspended_at + _seconds(CONF.orders.grace_period)
    order.state_deadline = delete_at if order.server_state == 'SUSPENDED' \
        else min(retry_at(now), delete_at)
    return None


def _suspended(session, order, now, fresh):
    if order.server_state in _LOST:
        return _server_lost(session, order, now)
    if order.paid_until and order.paid_until > now:
        order.suspended_at = None
        transitions.transition(session, order, states.RESUME, 'topped up')
        return _active(session, order, now, fresh)
    delete_at = order.suspended_at + _seconds(CONF.orders.grace_period)
    if now >= delete_at:
        closing.close(session, order, states.GRACE_OVER,
                      closing.PAID_TIME_OVER, 'grace period over', now,
                      refund=False)
        return _closed(session, order, now, fresh)
    if order.server_state != 'SUSPENDED':
        order.state_deadline = min(retry_at(now), delete_at)
        return Action(SUSPEND, order.server_id)
    order.state_deadline = delete_at
    return None


def _busy(session, order, now, fresh):
    """A reboot or rebuild the buyer asked for: send it, follow it."""
    if order.server_state in _LOST:
        # NOTE: a rebuild Nova failed leaves the server in ERROR, of no
        # use to the buyer: the order fails and its unused time is owed
        # back, as for any server lost.
        end_task(order)
        return _server_lost(session, order, now)
    if order.paid_until <= now:
        # NOTE: paid time wins over the task: the order is suspended now
        # and its server as soon as Nova takes the suspend (the suspended
        # state sends it again until Nova reports SUSPENDED).
        LOG.info('Order %s: paid time over while %s; suspending it',
                 order.id, order.state)
        end_task(order)
        suspend(session, order, now)
        return _suspended(session, order, now, fresh)
    if order.task_sent_at is None:
        order.task_sent_at = now
        order.state_deadline = min(retry_at(now), order.paid_until)
        return Action(_task_kind(order), order.server_id)
    if (order.server_state == 'ACTIVE' and order.server_state_at and
            order.server_state_at > order.task_sent_at):
        cause = '%s done' % order.state
        end_task(order)
        transitions.transition(session, order, states.ACTIVATE, cause)
        return _active(session, order, now, fresh)
    polled = order.state_deadline is not None and order.state_deadline <= now
    order.state_deadline = min(retry_at(now), order.paid_until)
    if polled and not fresh:
        # NOTE: notifications say when it is done; this is the safety net
        # of a lost one. An engine that died between deciding and sending
        # lands here too: Nova's ACTIVE ends the task, which the buyer may
        # ask for again, and a rebuild is never sent twice.
        return Action(SHOW, order.server_id)
    return None


def _task_kind(order):
    if order.state == states.REBUILDING:
        return REBUILD
    return HARD_REBOOT if order.reboot_type == 'HARD' else REBOOT


def end_task(order):
    """Forget the buyer's reboot or rebuild of a locked order."""
    order.reboot_type = None
    order.task_sent_at = None


def _server_lost(session, order, now):
    closing.close(session, order, states.FAIL, _LOST[order.server_state],
                  'server %s outside utter-va' % order.server_state, now)
    return _closed(session, order, now, True)


def _closed(session, order, now, fresh):
    if order.server_id is not None and order.server_state != 'DELETED':
        order.state_deadline = retry_at(now)
        return Action(REMOVE, order.server_id)
    if order.security_group_id or order.floating_ip_id:
        # NOTE: once the server (and its port) is gone, so the group is
        # no longer in use.
        order.state_deadline = retry_at(now)
        return Action(RELEASE, order.server_id)
    if order.image_glance_id:
        order.state_deadline = retry_at(now)
        return Action(DROP_IMAGE, None)
    order.state_deadline = None
    return None


_HANDLERS = {
    states.AWAITING_PAYMENT: _awaiting_payment,
    states.PAID: _paid,
    states.BOOTING: _booting,
    states.ACTIVE: _active,
    states.REBOOTING: _busy,
    states.REBUILDING: _busy,
    states.SUSPENDED: _suspended,
    states.TERMINATED: _closed,
    states.EXPIRED: _closed,
    states.FAILED: _closed,
    states.CANCELLED: _closed,
}
