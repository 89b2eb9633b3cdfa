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

"""Decide, act with no lock, record: how an order is moved on.

Each entry point (:func:`step` for a due order, :func:`nudge` when
something changed, :func:`server_changed` when Nova reported the server)
does the same three things:

1. in one transaction, lock the order, record what is observed, and let
   :func:`utter_va.orders.lifecycle.decide` record its decision and
   name one remote action;
2. with no order row locked, make that call to Nova (boot, suspend,
   resume, reboot, rebuild, delete, show), Neutron (the order's
   security group and floating IP) or Glance (the buyer's own image);
3. in another transaction, lock the order again and record the outcome,
   if the order is still where the decision left it; the outcome may call
   for one more action (a failed server deleted is followed by a boot).

So a slow or dead Nova never holds an order's row lock (a webhook that
credits the order commits meanwhile), and a failed call never rolls back
what was recorded before it: the order is simply due again at the
decision's retry time.
"""

import collections

from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy as sa

from utter_va.common import faults
from utter_va.db import api as db_api
from utter_va.db import models
from utter_va.db import named_locks
from utter_va import exception
from utter_va.orders import closing
from utter_va.orders import images
from utter_va.orders import lifecycle
from utter_va.orders import network
from utter_va.orders import servers
from utter_va.orders import states
from utter_va.orders import transitions

LOG = log.getLogger(__name__)

#: An action with what it needs of the order, taken while it was locked.
Job = collections.namedtuple('Job', ['order_id', 'kind', 'server_id',
                                     'attempt', 'boot', 'net', 'image'],
                             defaults=(None, None))

#: What a boot (or a rebuild) needs of its order.
BootRequest = collections.namedtuple(
    'BootRequest', ['id', 'image', 'flavor_id', 'ssh_public_key',
                    'user_data', 'security_group_id'])

#: An outcome may call for one more action; never more than this many.
_MAX_ACTIONS = 4


def _job(order, action):
    if action is None:
        return None
    boot = None
    if action.kind in (lifecycle.BOOT, lifecycle.REBUILD):
        # NOTE: a buyer's own image boots by its Glance id.
        boot = BootRequest(order.id, order.image_glance_id or order.image,
                           order.flavor_id, order.ssh_public_key,
                           order.user_data, order.security_group_id)
    return Job(order.id, action.kind, action.server_id, order.boot_attempts,
               boot, network.request(order), images.request(order))


def _decided(session, order, now, fresh=False):
    """Decide for a locked order; return (its state, the Job or None)."""
    job = _job(order, lifecycle.decide(session, order, now, fresh))
    return order.state, job


def step(order_id, cloud, now=None):
    """Advance one due order unless another engine holds it.

    Returns the order's state afterwards, or None when it was not due or
    another engine holds it (``SELECT ... FOR UPDATE SKIP LOCKED``).
    """
    now = now or timeutils.utcnow()
    with db_api.writer() as session:
        order = transitions.lock(session, order_id, skip_locked=True,
                                 due_at=now)
        if order is None:
            return None
        state, job = _decided(session, order, now)
    return _carry_out(job, cloud, state)


def nudge(order_id, cloud):
    """Make an order due now, and advance it."""
    pending = sa.or_(models.Order.state.in_(states.LIVE),
                     models.Order.state_deadline.is_not(None))
    with db_api.writer() as session:
        session.execute(
            sa.update(models.Order)
            .where(models.Order.id == order_id, pending)
            .values(state_deadline=timeutils.utcnow()))
    return step(order_id, cloud)


def server_changed(order_id, server_id, status, addresses, at, cloud):
    """Apply what Nova reported about an order's server (bus or poll).

    ``at`` is when Nova said so: a report older than the one recorded
    changes nothing. Returns the order's state afterwards, or None when
    the report was ignored.
    """
    now = timeutils.utcnow()
    with db_api.writer() as session:
        order = transitions.lock(session, order_id)
        if order is None or order.server_id != server_id:
            return None
        if order.server_state_at and at < order.server_state_at:
            return None
        order.server_state = status
        order.server_state_at = at
        if addresses:
            order.server_addresses = servers.addresses(addresses)
        if order.state in states.CLOSED and status != 'DELETED':
            return order.state
        state, job = _decided(session, order, now, fresh=True)
    return _carry_out(job, cloud, state)


def _carry_out(job, cloud, state):
    """Make the job's remote call and record its outcome; return the state.

    Nothing is locked here. A CloudUnavailable propagates once what could
    be recorded was: the order is due again at its retry time.
    """
    for _ in range(_MAX_ACTIONS):
        if job is None:
            break
        new_state, job = _ACTS[job.kind](job, cloud)
        state = new_state or state
    return state


def _outcome(job, record):
    """Record a job's outcome under the order's lock, in a new transaction.

    ``record(session, order, now)`` checks that the order is still where
    the decision left it, records, and returns the next Job or None.
    Returns (the order's state, the next Job or None).
    """
    now = timeutils.utcnow()
    with db_api.writer() as session:
        order = transitions.lock(session, job.order_id)
        if order is None:
            return None, None
        job = record(session, order, now)
        return order.state, job


def _show(job, cloud):
    at = timeutils.utcnow()
    server = cloud.nova.server(job.server_id)
    if server is None:
        status, addresses = 'DELETED', None
    else:
        status, addresses = server['status'], server.get('addresses')
    state = server_changed(job.order_id, job.server_id, status, addresses,
                           at, cloud)
    return state, None


def _same_boot(order, job):
    return (order.state == states.BOOTING and order.server_id is None and
            order.boot_attempts == job.attempt)


def _find(job, cloud):
    with _boot_lock(job.order_id) as taken:
        if not taken:
            # NOTE: another engine is sending (or recording) this boot.
            return None, None
        return _look_for_boot(job, cloud)


def _look_for_boot(job, cloud):
    try:
        found = cloud.nova.find_server(servers.name(job.order_id),
                                       job.order_id)
    except exception.CloudUnavailable:
        def unknown(session, order, now):
            # NOTE: past the paid timeout the order closes even while Nova
            # cannot say; the reconciler reports a server if one exists.
            if _same_boot(order, job) and order.boot_requested_at and \
                    lifecycle.boot_too_late(session, order, now):
                order.boot_requested_at = None
                return _job(order, lifecycle.prepare_boot(session, order,
                                                          now))
            return None
        _outcome(job, unknown)
        raise

    def record(session, order, now):
        if not _same_boot(order, job) or order.boot_requested_at is None:
            return None
        if found is None:
            # NOTE: the unrecorded boot made no server: decide afresh.
            order.boot_requested_at = None
            return _job(order, lifecycle.prepare_boot(session, order, now))
        LOG.warning('Order %s: found server %s of an unrecorded boot',
                    order.id, found['id'])
        order.server_id = found['id']
        servers.record(order, found, now)
        return _job(order, lifecycle.decide(session, order, now, True))
    return _outcome(job, record)


def _boot_lock(order_id):
    """The lock an engine holds from sending a boot to recording it."""
    return named_locks.try_lock('utter-va-boot-' + order_id)


def _boot(job, cloud):
    # NOTE: held from sending the boot to recording its outcome, so that no
    # other engine looks for the server (and boots again) meanwhile, however
    # long Nova takes; no order row is locked while it is held.
    with _boot_lock(job.order_id) as taken:
        if not taken or not _still_the_boot(job):
            LOG.info('Order %s: boot attempt %d is no longer to send',
                     job.order_id, job.attempt)
            return None, None
        return _send_boot(job, cloud)


def _still_the_boot(job):
    order = db_api.order_get(job.order_id)
    return (order['state'] == states.BOOTING and
            order['server_id'] is None and
            order['boot_attempts'] == job.attempt)


def _send_boot(job, cloud):
    faults.crash_point('after_boot_marked')
    try:
        server = servers.send_boot(job.boot, cloud)
    except exception.CloudResourceNotFound as exc:
        detail = str(exc)

        def gone(session, order, now):
            if _same_boot(order, job):
                closing.close(session, order, states.FAIL,
                              closing.BOOT_FAILED, 'image or flavor gone',
                              now, detail=detail)
        return _outcome(job, gone)
    except exception.CloudUnavailable as exc:
        LOG.warning('Order %s: boot attempt %d not answered (%s); it is '
                    'looked for, then tried again', job.order_id,
                    job.attempt, exc)

        def unanswered(session, order, now):
            # NOTE: not the attempt's fault; it is tried again after the
            # settle time (finding the server first, in case Nova made
            # it), and [orders] paid_timeout bounds how long.
            if _same_boot(order, job):
                order.boot_attempts -= 1
        return _outcome(job, unanswered)
    faults.crash_point('after_boot_sent')

    def record(session, order, now):
        if order.server_id is not None or (
                order.state == states.BOOTING and
                order.boot_attempts != job.attempt):
            # NOTE: this boot took longer than the settle time and another
            # attempt was made meanwhile: the order keeps one server.
            LOG.warning('Order %s: server %s of attempt %d is not the '
                        "order's; deleting it", order.id, server['id'],
                        job.attempt)
            return job._replace(kind=lifecycle.DISCARD,
                                server_id=server['id'])
        order.server_id = server['id']
        servers.record(order, server, now)
        if order.state != states.BOOTING:
            # NOTE: closed while the boot was on its way: delete it.
            return _job(order, lifecycle.decide(session, order, now, True))
        lifecycle.follow_boot(order, now)
        LOG.info('Order %s: server %s requested (attempt %d)', order.id,
                 server['id'], order.boot_attempts)
        return None
    return _outcome(job, record)


def _replace(job, cloud):
    cloud.nova.delete(job.server_id)

    def record(session, order, now):
        if order.state != states.BOOTING or order.server_id != job.server_id:
            return None
        order.server_id = None
        order.server_state = None
        order.server_addresses = None
        order.boot_requested_at = None
        return _job(order, lifecycle.prepare_boot(session, order, now))
    return _outcome(job, record)


def _suspend(job, cloud):
    cloud.nova.suspend(job.server_id)
    faults.crash_point('after_suspend_sent')

    def record(session, order, now):
        if order.state != states.ACTIVE or order.server_id != job.server_id:
            return None
        if order.paid_until > now:
            # NOTE: topped up while the suspend was on its way: undo it.
            order.state_deadline = min(lifecycle.retry_at(now),
                                       order.paid_until)
            return job._replace(kind=lifecycle.RESUME)
        return lifecycle.suspend(session, order, now)
    return _outcome(job, record)


def _resume(job, cloud):
    cloud.nova.resume(job.server_id)
    return None, None


#: The buyer's server tasks: the order's state while one runs, and the
#: server status Nova shows once it took it.
_TASKS = {lifecycle.REBOOT: (states.REBOOTING, 'REBOOT'),
          lifecycle.HARD_REBOOT: (states.REBOOTING, 'HARD_REBOOT'),
          lifecycle.REBUILD: (states.REBUILDING, 'REBUILD')}


def _same_task(order, job):
    return (order.state == _TASKS[job.kind][0] and
            order.server_id == job.server_id and
            order.task_sent_at is not None)


def _reboot(job, cloud):
    return _send_task(job, lambda: cloud.nova.reboot(
        job.server_id, hard=job.kind == lifecycle.HARD_REBOOT))


def _rebuild(job, cloud):
    return _send_task(job, lambda: servers.send_rebuild(
        job.boot, job.server_id, cloud))


def _send_task(job, send):
    """Send a buyer's reboot or rebuild; record that Nova took it."""
    sent = timeutils.utcnow()
    try:
        send()
    except (exception.CloudRequestRefused,
            exception.CloudResourceNotFound) as exc:
        detail = str(exc)
        LOG.warning('Order %s: Nova refused the %s of server %s: %s',
                    job.order_id, job.kind, job.server_id, detail)

        def refused(session, order, now):
            # NOTE: the server is as it was: the order is active again
            # and the transition log says why.
            if not _same_task(order, job):
                return None
            lifecycle.end_task(order)
            transitions.transition(session, order, states.ACTIVATE,
                                   '%s refused by Nova' % job.kind,
                                   detail=detail)
            return _job(order, lifecycle.decide(session, order, now))
        return _outcome(job, refused)
    except exception.CloudUnavailable as exc:
        LOG.warning('Order %s: the %s of server %s was not answered (%s); '
                    'it is sent again', job.order_id, job.kind,
                    job.server_id, exc)

        def unanswered(session, order, now):
            if _same_task(order, job):
                order.task_sent_at = None
        return _outcome(job, unanswered)

    def record(session, order, now):
        if not _same_task(order, job):
            return None
        # NOTE: Nova's reports from before the call no longer end the
        # task; its end may already have been reported, and is kept.
        order.task_sent_at = sent
        if order.server_state_at is None or order.server_state_at <= sent:
            order.server_state = _TASKS[job.kind][1]
            order.server_state_at = sent
        LOG.info('Order %s: %s of server %s sent', order.id, job.kind,
                 job.server_id)
        return None
    return _outcome(job, record)


def _remove(job, cloud):
    if cloud.nova.server(job.server_id) is None:
        at = timeutils.utcnow()
        return server_changed(job.order_id, job.server_id, 'DELETED', None,
                              at, cloud), None
    cloud.nova.delete(job.server_id)
    return None, None


def _discard(job, cloud):
    cloud.nova.delete(job.server_id)
    return None, None


def _network_lock(order_id):
    """The lock an engine holds while it makes an order's Neutron resource.

    So that two decisions at once (a notification and the sweep) never
    both make one.
    """
    return named_locks.try_lock('utter-va-network-' + order_id)


def _secure(job, cloud):
    with _network_lock(job.order_id) as taken:
        if not taken:
            return None, None
        return _make_group(job, cloud)


def _make_group(job, cloud):
    group_id = network.make_group(job.order_id, job.net.ingress_rules, cloud)
    faults.crash_point('after_security_group_made')

    def record(session, order, now):
        if order.security_group_id is not None:
            return None
        # NOTE: recorded whatever the order's state, so that a closed
        # order removes it too.
        order.security_group_id = group_id
        return _job(order, lifecycle.decide(session, order, now))
    return _outcome(job, record)


def _publish(job, cloud):
    with _network_lock(job.order_id) as taken:
        if not taken:
            return None, None
        return _attach_address(job, cloud)


def _attach_address(job, cloud):
    address = network.attach_address(
        job.order_id, job.server_id, cloud,
        crash_point=lambda: faults.crash_point('after_floating_ip_made'))
    if address is None:
        LOG.info('Order %s: server %s has no port yet', job.order_id,
                 job.server_id)
        return None, None

    def record(session, order, now):
        if order.server_id != job.server_id:
            return None
        order.floating_ip_id = address['id']
        order.floating_ip_address = address['floating_ip_address']
        return _job(order, lifecycle.decide(session, order, now, True))
    return _outcome(job, record)


def _release(job, cloud):
    if not network.release(job.order_id, cloud):
        return None, None

    def record(session, order, now):
        if order.state not in states.CLOSED:
            return None
        order.security_group_id = None
        order.floating_ip_id = None
        return _job(order, lifecycle.decide(session, order, now, True))
    return _outcome(job, record)


def _image_lock(order_id):
    """The lock an engine holds while it starts an order's import."""
    return named_locks.try_lock('utter-va-image-' + order_id)


def _import(job, cloud):
    with _image_lock(job.order_id) as taken:
        if not taken:
            return None, None
        return _start_import(job, cloud)


def _start_import(job, cloud):
    started = images.start(job.order_id, job.image, cloud)
    faults.crash_point('after_image_made')

    def record(session, order, now):
        if order.image_glance_id is not None:
            return None
        # NOTE: recorded whatever the order's state, so that a closed
        # order removes it too.
        order.image_glance_id = started.glance_id
        order.image_import_started_at = now
        if started.ready:
            order.image_imported_at = now
        if started.refused and order.state == states.BOOTING:
            closing.close(session, order, states.FAIL,
                          closing.IMAGE_IMPORT_FAILED,
                          'image import refused', now,
                          detail=started.refused)
        return _job(order, lifecycle.decide(session, order, now))
    return _outcome(job, record)


def _check_image(job, cloud):
    checked = images.check(job.order_id, job.image, cloud)
    if not checked.ready and not checked.reason:
        return None, None

    def record(session, order, now):
        if order.state != states.BOOTING or order.image_imported_at or \
                order.image_glance_id != job.image.glance_id:
            return None
        if checked.reason:
            closing.close(session, order, states.FAIL, checked.reason,
                          'image not usable', now, detail=checked.detail)
        else:
            order.image_imported_at = now
        return _job(order, lifecycle.decide(session, order, now))
    return _outcome(job, record)


def _drop_image(job, cloud):
    images.release(job.order_id, job.image, cloud, closing.still_wanted)

    def record(session, order, now):
        if order.state not in states.CLOSED or \
                order.image_glance_id != job.image.glance_id:
            return None
        order.image_glance_id = None
        return _job(order, lifecycle.decide(session, order, now, True))
    return _outcome(job, record)


_ACTS = {
    lifecycle.SHOW: _show,
    lifecycle.FIND: _find,
    lifecycle.BOOT: _boot,
    lifecycle.REPLACE: _replace,
    lifecycle.SUSPEND: _suspend,
    lifecycle.RESUME: _resume,
    lifecycle.REBOOT: _reboot,
    lifecycle.HARD_REBOOT: _reboot,
    lifecycle.REBUILD: _rebuild,
    lifecycle.REMOVE: _remove,
    lifecycle.DISCARD: _discard,
    lifecycle.SECURE: _secure,
    lifecycle.PUBLISH: _publish,
    lifecycle.RELEASE: _release,
    lifecycle.IMPORT: _import,
    lifecycle.CHECK_IMAGE: _check_image,
    lifecycle.DROP_IMAGE: _drop_image,
}
