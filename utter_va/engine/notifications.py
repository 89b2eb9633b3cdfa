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

"""Nova's versioned notifications, as the engine reads them.

One batch endpoint takes every event type the capacity model cares about:

* instance create/update/delete/suspend/resume/power_off/shelve ends mark
  the instance's node for a refresh from Placement (debounced by the
  caller);
* ``service.update`` and ``service.delete`` record a compute service's
  state (disabled or down hosts sell nothing) and mark the host for a
  refresh, which recomputes the sellable units;
* ``metrics.update`` records a host's CPU load, for pricing.

A batch of messages is applied in one transaction, keeping only the newest
state and load per host, and acknowledged only once that is committed; a
malformed payload is logged and dropped (never retried); a database error
requeues the batch.
"""

import datetime
import threading

from oslo_db import exception as db_exc
from oslo_log import log
import oslo_messaging
from oslo_utils import timeutils

from utter_va.db import capacity as db_capacity

LOG = log.getLogger(__name__)

INSTANCE_EVENTS = (
    'instance.create.end', 'instance.update', 'instance.delete.end',
    'instance.suspend.end', 'instance.resume.end', 'instance.power_off.end',
    'instance.power_on.end', 'instance.shelve.end',
    'instance.shelve_offload.end', 'instance.unshelve.end',
    'instance.resize.end', 'instance.resize_confirm.end',
    'instance.live_migration_post.end', 'instance.evacuate',
)
SERVICE_EVENTS = ('service.update', 'service.delete', 'service.create')
METRICS_EVENTS = ('metrics.update',)
EVENT_TYPES = INSTANCE_EVENTS + SERVICE_EVENTS + METRICS_EVENTS

_FILTER = '^(%s)$' % '|'.join(e.replace('.', r'\.') for e in EVENT_TYPES)


class MalformedNotification(Exception):
    """A payload that lacks what its event type promises."""


def payload_data(payload):
    try:
        return payload['nova_object.data']
    except (KeyError, TypeError):
        raise MalformedNotification('no nova_object.data')


def event_time(message, value=None):
    """When the event happened, as a naive UTC datetime.

    Nova writes '2026-11-24 20:57:29.829440' in the metadata and
    '2026-11-24T20:57:24Z' in payloads; both are read.
    """
    raw = value or message.get('metadata', {}).get('timestamp')
    if not raw:
        return timeutils.utcnow()
    parsed = datetime.datetime.fromisoformat(str(raw).replace('Z', '+00:00'))
    return timeutils.normalize_time(parsed)


class NovaNotificationsEndpoint:
    """Batch endpoint of the engine's notification listener."""

    filter_rule = oslo_messaging.NotificationFilter(event_type=_FILTER)

    def __init__(self, mark_dirty):
        self.mark_dirty = mark_dirty
        # NOTE: the threading executor hands batches to many threads at
        # once; their transactions would wait on each other's row locks of
        # the same providers. One writer at a time is several times faster.
        self._write_lock = threading.Lock()

    def info(self, messages):
        batch = _Batch()
        for message in messages:
            self._handle(message, batch)
        try:
            with self._write_lock:
                changed_hosts = db_capacity.apply_notifications(
                    batch.services.values(), batch.loads.values())
        except db_exc.DBError:
            LOG.exception('Database error while applying %d notifications;'
                          ' they will be redelivered', len(messages))
            return oslo_messaging.NotificationResult.REQUEUE
        dirty = batch.nodes | set(changed_hosts)
        if dirty:
            self.mark_dirty(dirty)
        return oslo_messaging.NotificationResult.HANDLED

    def _handle(self, message, batch):
        event_type = message.get('event_type')
        try:
            data = payload_data(message.get('payload'))
            if event_type in INSTANCE_EVENTS:
                node = data.get('node') or data.get('host')
                if node:
                    batch.nodes.add(node)
            elif event_type in SERVICE_EVENTS:
                self._service(event_type, data, message, batch)
            elif event_type in METRICS_EVENTS:
                self._metrics(data, message, batch)
        except (MalformedNotification, KeyError, TypeError,
                ValueError) as exc:
            LOG.warning('Dropped a malformed %s notification from %s: %s',
                        event_type, message.get('publisher_id'), exc)

    @staticmethod
    def _service(event_type, data, message, batch):
        if data.get('binary') != 'nova-compute':
            return
        deleted = event_type == 'service.delete'
        batch.add_service(db_capacity.ServiceState(
            data['host'], bool(data.get('disabled')) or deleted,
            not data.get('forced_down') and not deleted,
            event_time(message)))

    @staticmethod
    def _metrics(data, message, batch):
        for metric in data.get('metrics') or []:
            metric = payload_data(metric)
            if metric.get('name') == 'cpu.percent':
                batch.add_load(db_capacity.HostLoad(
                    data['host'], float(metric['value']),
                    event_time(message, metric.get('timestamp'))))


class _Batch:
    """What one batch of notifications asks: the newest per host."""

    def __init__(self):
        self.nodes = set()
        self.services = {}
        self.loads = {}

    def add_service(self, state):
        known = self.services.get(state.host)
        if known is None or state.seen_at >= known.seen_at:
            self.services[state.host] = state

    def add_load(self, load):
        known = self.loads.get(load.host)
        if known is None or load.measured_at >= known.measured_at:
            self.loads[load.host] = load
