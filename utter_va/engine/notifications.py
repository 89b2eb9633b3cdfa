"""Nova's versioned notifications, as the engine reads them.

One batch endpoint takes every event type the capacity model cares about:

* instance create/update/delete/suspend/resume/power_off/shelve ends mark
  the instance's node for a refresh from Placement (debounced by the
  caller);
* ``service.update`` and ``service.delete`` record a compute service's
  state (disabled or down hosts sell nothing) and mark the host for a
  refresh, which recomputes the sellable units;
* ``metrics.update`` records a host's CPU load, for pricing.

A message is acknowledged only once what it changed is committed; a
malformed payload is logged and dropped (never retried); a database error
requeues the batch.
"""

import datetime

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


def _data(payload):
    try:
        return payload['nova_object.data']
    except (KeyError, TypeError):
        raise MalformedNotification('no nova_object.data')


def _timestamp(message, value=None):
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

    def info(self, messages):
        dirty = set()
        try:
            for message in messages:
                self._handle(message, dirty)
        except db_exc.DBError:
            LOG.exception('Database error while applying %d notifications;'
                          ' they will be redelivered', len(messages))
            return oslo_messaging.NotificationResult.REQUEUE
        if dirty:
            self.mark_dirty(dirty)
        return oslo_messaging.NotificationResult.HANDLED

    def _handle(self, message, dirty):
        event_type = message.get('event_type')
        try:
            data = _data(message.get('payload'))
            if event_type in INSTANCE_EVENTS:
                node = data.get('node') or data.get('host')
                if node:
                    dirty.add(node)
            elif event_type in SERVICE_EVENTS:
                if self._service(event_type, data, message):
                    dirty.add(data['host'])
            elif event_type in METRICS_EVENTS:
                self._metrics(data, message)
        except (MalformedNotification, KeyError, TypeError,
                ValueError) as exc:
            LOG.warning('Dropped a malformed %s notification from %s: %s',
                        event_type, message.get('publisher_id'), exc)

    @staticmethod
    def _service(event_type, data, message):
        if data.get('binary') != 'nova-compute':
            return False
        deleted = event_type == 'service.delete'
        return db_capacity.provider_set_service_state(
            data['host'], disabled=bool(data.get('disabled')) or deleted,
            up=not data.get('forced_down') and not deleted,
            seen_at=_timestamp(message))

    @staticmethod
    def _metrics(data, message):
        for metric in data.get('metrics') or []:
            metric = _data(metric)
            if metric.get('name') == 'cpu.percent':
                db_capacity.provider_set_load(
                    data['host'], float(metric['value']),
                    _timestamp(message, metric.get('timestamp')))
