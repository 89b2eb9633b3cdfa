"""The order lifecycle: what each order's server should be, made so.

An order's state says what its server should be (none yet, ACTIVE,
SUSPENDED, deleted). :func:`advance` compares that with what Nova last
reported and acts: boots, activates, suspends, resumes, deletes, retries,
or moves the order on when its time comes. It runs with the order's row
locked, so one engine at a time acts on an order, and it leaves
``state_deadline`` at the time the order next needs looking at (None:
never again), so a sweep finds due orders with one indexed range query.

A boot is sent in two steps: the attempt is committed first (with the
time it was sent), then the order is locked again while Nova is asked.
An engine that dies in between leaves a mark; after
``[orders] boot_settle_time`` the next engine looks for the server by its
name and order id before it ever boots again, so no crash makes two
servers.

The paid clock starts when the server becomes ACTIVE: ``paid_until = now +
credited_seconds``.
"""

import datetime

from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.common import faults
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.engine import closing
from utter_va.engine import servers
from utter_va import exception
from utter_va.payment import ledger

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: Server states that end a running order when Nova reports them.
_LOST = {'DELETED': closing.DELETED_OUTSIDE,
         'SOFT_DELETED': closing.DELETED_OUTSIDE,
         'SHELVED': closing.SHELVED_OUTSIDE,
         'SHELVED_OFFLOADED': closing.SHELVED_OUTSIDE,
         'ERROR': closing.SERVER_ERROR}


def _seconds(value):
    return datetime.timedelta(seconds=value)


def _retry_at(now):
    return now + _seconds(CONF.orders.action_retry_interval)


def _lock(session, order_id, skip_locked=False, due_at=None):
    query = sa.select(models.Order).filter_by(id=order_id)
    if due_at is not None:
        query = query.where(models.Order.state_deadline <= due_at)
    return session.scalars(query.with_for_update(
        skip_locked=skip_locked)).one_or_none()


def step(order_id, cloud, now=None):
    """Advance one due order unless another engine holds it.

    Returns the order's state afterwards, or None when it was not due or
    another engine holds it (``SELECT ... FOR UPDATE SKIP LOCKED``).
    """
    now = now or timeutils.utcnow()
    with db_api.writer() as session:
        order = _lock(session, order_id, skip_locked=True, due_at=now)
        if order is None:
            return None
        needs_boot = advance(session, order, cloud, now)
        state = order.state
    if needs_boot:
        faults.crash_point('after_boot_marked')
        state = boot(order_id, cloud)
    return state


def nudge(order_id, cloud):
    """Make an order due now, and advance it."""
    pending = sa.or_(models.Order.state.in_(closing.LIVE_STATES),
                     models.Order.state_deadline.is_not(None))
    with db_api.writer() as session:
        session.execute(
            sa.update(models.Order)
            .where(models.Order.id == order_id, pending)
            .values(state_deadline=timeutils.utcnow()))
    return step(order_id, cloud)


def advance(session, order, cloud, now):
    """Act on one locked order; return True when a boot must be sent."""
    return bool(_HANDLERS[order.state](session, order, cloud, now))


def _awaiting_payment(session, order, cloud, now):
    ledger.expire_locked(session, order, now)


def _paid(session, order, cloud, now):
    closing.move(session, order, 'booting', 'boot requested', now)
    return _booting(session, order, cloud, now)


def _booting(session, order, cloud, now):
    if order.server_id is None:
        return _prepare_boot(session, order, cloud, now)
    timeout_at = order.boot_requested_at + _seconds(CONF.orders.boot_timeout)
    polled = order.state_deadline is not None and order.state_deadline <= now
    if polled and order.server_state not in ('ACTIVE', 'ERROR'):
        # NOTE: notifications say when it is ACTIVE; this is the safety
        # net of a lost one, when the order falls due.
        servers.record(order, cloud.nova.server(order.server_id), now)
    if order.server_state == 'ACTIVE':
        order.activated_at = now
        order.paid_until = now + _seconds(order.credited_seconds)
        order.state_deadline = order.paid_until
        closing.move(session, order, 'active', 'server ACTIVE', now)
        return False
    if order.server_state in ('ERROR', 'DELETED') or now >= timeout_at:
        return _boot_failed(session, order, cloud, now)
    order.state_deadline = min(_retry_at(now), timeout_at)
    return False


def _paid_at(session, order):
    return session.scalar(sa.select(
        sa.func.min(models.OrderTransition.created_at)).where(
            models.OrderTransition.order_id == order.id,
            models.OrderTransition.to_state == 'paid'))


def _prepare_boot(session, order, cloud, now):
    settle = _seconds(CONF.orders.boot_settle_time)
    paid_at = _paid_at(session, order) or now
    too_late = now - paid_at > _seconds(CONF.orders.paid_timeout)
    if order.boot_requested_at is not None:
        # NOTE: a boot was sent and its outcome never recorded (an engine
        # died, or Nova did not answer): find its server before anything.
        if now < order.boot_requested_at + settle:
            order.state_deadline = order.boot_requested_at + settle
            return False
        try:
            found = cloud.nova.find_server(servers.name(order.id), order.id)
        except exception.CloudUnavailable:
            if not too_late:
                raise
            found = None  # the reconciler reports it if it exists
        if found is not None:
            LOG.warning('Order %s: found server %s of an unrecorded boot',
                        order.id, found['id'])
            order.server_id = found['id']
            servers.record(order, found, now)
            order.state_deadline = now
            return False
    if order.boot_attempts > CONF.orders.boot_retries:
        closing.close(session, order, 'failed', closing.BOOT_FAILED,
                      'boot failed %d times' % order.boot_attempts, now)
        return False
    if too_late:
        closing.close(session, order, 'failed', closing.BOOT_NOT_STARTED,
                      'no boot could start in time', now)
        return False
    order.boot_attempts += 1
    order.boot_requested_at = now
    order.state_deadline = now + settle
    return True


def boot(order_id, cloud):
    """Send the boot an order's committed attempt asked for.

    The order stays locked while Nova is asked, so no other engine looks
    for the server before Nova has it. Returns the order's state.
    """
    with db_api.writer() as session:
        order = _lock(session, order_id)
        if order.state != 'booting' or order.server_id is not None:
            return order.state
        try:
            server = servers.send_boot(order, cloud)
        except exception.CloudResourceNotFound as exc:
            closing.close(session, order, 'failed', closing.BOOT_FAILED,
                          'image or flavor gone', timeutils.utcnow(),
                          detail=str(exc))
            return order.state
        except exception.CloudUnavailable:
            # NOTE: not the attempt's fault; it is tried again after the
            # settle time (finding the server first, in case Nova made
            # it), and [orders] paid_timeout bounds how long.
            order.boot_attempts -= 1
            return order.state
        faults.crash_point('after_boot_sent')
        now = timeutils.utcnow()
        order.server_id = server['id']
        servers.record(order, server, now)
        order.state_deadline = min(_retry_at(now), order.boot_requested_at +
                                   _seconds(CONF.orders.boot_timeout))
        LOG.info('Order %s: server %s requested (attempt %d)', order.id,
                 server['id'], order.boot_attempts)
        return order.state


def _boot_failed(session, order, cloud, now):
    LOG.warning('Order %s: server %s is %s after attempt %d; deleting it',
                order.id, order.server_id, order.server_state,
                order.boot_attempts)
    cloud.nova.delete(order.server_id)
    order.server_id = None
    order.server_state = None
    order.server_addresses = None
    order.boot_requested_at = None
    return _prepare_boot(session, order, cloud, now)


def _active(session, order, cloud, now):
    if order.server_state in _LOST:
        return _server_lost(session, order, cloud, now)
    if order.paid_until <= now:
        order.suspended_at = now
        closing.move(session, order, 'suspended', 'paid time over', now)
        return _suspended(session, order, cloud, now)
    if order.server_state == 'SUSPENDED':
        cloud.nova.resume(order.server_id)
        order.state_deadline = min(_retry_at(now), order.paid_until)
        return False
    order.state_deadline = order.paid_until
    return False


def _suspended(session, order, cloud, now):
    if order.server_state in _LOST:
        return _server_lost(session, order, cloud, now)
    if order.paid_until and order.paid_until > now:
        order.suspended_at = None
        closing.move(session, order, 'active', 'topped up', now)
        return _active(session, order, cloud, now)
    delete_at = order.suspended_at + _seconds(CONF.orders.grace_period)
    if now >= delete_at:
        closing.close(session, order, 'terminated', closing.PAID_TIME_OVER,
                      'grace period over', now, refund=False)
        return _closed(session, order, cloud, now)
    if order.server_state != 'SUSPENDED':
        cloud.nova.suspend(order.server_id)
        faults.crash_point('after_suspend_sent')
        order.state_deadline = min(_retry_at(now), delete_at)
        return False
    order.state_deadline = delete_at
    return False


def _server_lost(session, order, cloud, now):
    closing.close(session, order, 'failed', _LOST[order.server_state],
                  'server %s outside utter-va' % order.server_state, now)
    return _closed(session, order, cloud, now)


def _closed(session, order, cloud, now):
    if order.server_id is None or order.server_state == 'DELETED':
        order.state_deadline = None
        return False
    server = cloud.nova.server(order.server_id)
    if server is None:
        servers.record(order, None, now)
        order.state_deadline = None
        return False
    cloud.nova.delete(order.server_id)
    order.state_deadline = _retry_at(now)
    return False


_HANDLERS = {
    'awaiting_payment': _awaiting_payment,
    'paid': _paid,
    'booting': _booting,
    'active': _active,
    'suspended': _suspended,
    'terminated': _closed,
    'expired': _closed,
    'failed': _closed,
    'cancelled': _closed,
}


def server_changed(order_id, server_id, status, addresses, at, cloud):
    """Apply what Nova reported about an order's server (bus or poll).

    ``at`` is when Nova said so: a report older than the one recorded
    changes nothing. Returns the order's state afterwards, or None when
    the report was ignored.
    """
    now = timeutils.utcnow()
    with db_api.writer() as session:
        order = _lock(session, order_id)
        if order is None or order.server_id != server_id:
            return None
        if order.server_state_at and at < order.server_state_at:
            return None
        order.server_state = status
        order.server_state_at = at
        if addresses:
            order.server_addresses = servers.addresses(addresses)
        if order.state in closing.CLOSED_STATES and status != 'DELETED':
            return order.state
        needs_boot = advance(session, order, cloud, now)
        state = order.state
    if needs_boot:
        state = boot(order_id, cloud)
    return state
