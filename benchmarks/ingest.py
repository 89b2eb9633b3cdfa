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

"""Ingestion rate of the engine's notification listener.

Real RabbitMQ (127.0.0.1, vhost /) and real MariaDB (a private database,
dropped at the end). The same stream of realistic Nova notifications (the
payloads captured from minicloud: instance events, service.update and
metrics.update for 50 hosts) is queued for two pools of one exchange: the
engine's batch listener with its real endpoint and database writes, and a
do-nothing batch listener as the baseline, measured in the same run. Each
pool's queue is filled first, then drained; the rate is messages per second
of draining.
"""

import copy
import json
import os
import threading
import time

import kombu
from oslo_config import cfg
import oslo_messaging
from oslo_utils import uuidutils

from utter_va import capacity
from utter_va import conf as utter_conf
from utter_va.db import capacity as db_capacity
from utter_va.engine import listener as engine_listener
from utter_va.engine import notifications
from utter_va.tests.functional import fixtures as ft_fixtures

MESSAGES = 20000
HOSTS = 50
TRANSPORT_URL = os.environ.get('UTTER_VA_BENCH_TRANSPORT_URL',
                               'rabbit://guest:guest@127.0.0.1:5672/')
DATA = os.path.join(os.path.dirname(__file__), '..', 'utter_va', 'tests',
                    'unit', 'data', 'nova_notifications')
MIX = (('metrics.update', 45), ('instance.update', 25),
       ('instance.create.end', 10), ('instance.delete.end', 10),
       ('service.update', 10))


def _load(event_type):
    with open(os.path.join(DATA, event_type + '.json')) as f:
        return json.load(f)


def stream():
    """Return (event_type, payload) pairs for MESSAGES notifications."""
    samples = {event_type: _load(event_type) for event_type, _ in MIX}
    cycle = [event_type for event_type, weight in MIX
             for _ in range(weight)]
    messages = []
    for i in range(MESSAGES):
        event_type = cycle[i % len(cycle)]
        payload = copy.deepcopy(samples[event_type]['payload'])
        data = payload['nova_object.data']
        host = 'bench-%02d' % (i % HOSTS)
        data['host'] = host
        if 'node' in data:
            data['node'] = host
        messages.append((event_type, payload))
    return messages


class Counting:
    """Wraps an endpoint; counts the messages it was given."""

    def __init__(self, endpoint=None):
        self.endpoint = endpoint
        self.count = 0
        self.done = threading.Event()
        self.filter_rule = getattr(endpoint, 'filter_rule', None)

    def info(self, messages):
        result = None
        if self.endpoint is not None:
            result = self.endpoint.info(messages)
        self.count += len(messages)
        if self.count >= MESSAGES:
            self.done.set()
        return result


def _listener(transport, exchange, pool, endpoint):
    utter_conf.CONF.set_override('notification_exchange', exchange,
                                 group='engine')
    utter_conf.CONF.set_override('notification_pool', pool, group='engine')
    return engine_listener.notification_listener([endpoint],
                                                 transport=transport)


def _declare(transport, exchange, pool):
    """Start and stop a listener, so that its pool's queue exists."""
    listener = _listener(transport, exchange, pool, Counting())
    listener.start()
    listener.stop()
    listener.wait()


def _drain(transport, exchange, pool, endpoint):
    """Return messages/s of a fresh listener draining its full queue."""
    counting = Counting(endpoint)
    listener = _listener(transport, exchange, pool, counting)
    start = time.perf_counter()
    listener.start()
    if not counting.done.wait(600):
        raise RuntimeError('%s drained %d of %d messages' % (
            pool, counting.count, MESSAGES))
    elapsed = time.perf_counter() - start
    listener.stop()
    listener.wait()
    return MESSAGES / elapsed


def _delete_queues(names):
    with kombu.Connection(TRANSPORT_URL.replace('rabbit://', 'amqp://')) \
            as connection:
        channel = connection.channel()
        for name in names:
            channel.queue_delete(name)


def run():
    utter_conf.CONF([], project='utter-va', default_config_files=[])
    database = ft_fixtures.MySQLDatabase(migrate=True)
    database.setUp()
    try:
        for i in range(HOSTS):
            host = 'bench-%02d' % i
            db_capacity.provider_update_from_placement(
                'uuid-' + host, host, 1,
                {'VCPU': capacity.Inventory(8, 0, 1, 8, 1, 4.0, 0)})
        transport = oslo_messaging.get_notification_transport(
            utter_conf.CONF, url=TRANSPORT_URL)
        exchange = 'bench-%s' % uuidutils.generate_uuid()[:8]
        # NOTE: a Notifier publishes to its transport's control exchange.
        oslo_messaging.set_transport_defaults(exchange)
        notifier_conf = cfg.ConfigOpts()
        notifier_conf([], project='bench', default_config_files=[])
        notifier_transport = oslo_messaging.get_notification_transport(
            notifier_conf, url=TRANSPORT_URL)
        notifier = oslo_messaging.Notifier(
            notifier_transport, publisher_id='nova-compute:bench',
            driver='messagingv2', topics=['versioned_notifications'])
        messages = stream()

        def publish():
            for event_type, payload in messages:
                notifier.info({}, event_type, payload)
            time.sleep(1)

        dirty = []
        engine = notifications.NovaNotificationsEndpoint(dirty.append)
        suffix = uuidutils.generate_uuid()[:8]
        pools = {'baseline': 'bench-baseline-' + suffix,
                 'engine': 'bench-engine-' + suffix}
        rates = {'baseline': [], 'engine': []}
        endpoints = {'baseline': None, 'engine': engine}
        try:
            for pool in pools.values():
                _declare(transport, exchange, pool)
            # NOTE: two rounds in opposite orders, the best of each kept,
            # so that warming up favours neither side.
            for order in (('baseline', 'engine'), ('engine', 'baseline')):
                publish()
                for name in order:
                    rates[name].append(_drain(transport, exchange,
                                              pools[name], endpoints[name]))
        finally:
            _delete_queues(pools.values())
        baseline_rate = max(rates['baseline'])
        engine_rate = max(rates['engine'])
        transport.cleanup()
        notifier_transport.cleanup()
    finally:
        database.cleanUp()
    ratio = engine_rate / baseline_rate
    print('%-38s %12s' % ('measure', 'value'))
    print('%-38s %12d' % ('notifications per run', MESSAGES))
    print('%-38s %12d' % ('hosts', HOSTS))
    print('%-38s %12.0f' % ('do-nothing listener, messages/s',
                            baseline_rate))
    print('%-38s %12.0f' % ('engine listener + MariaDB, messages/s',
                            engine_rate))
    print('%-38s %12.2f' % ('ratio engine/do-nothing', ratio))
    print('RESULT ingest ratio=%.2f events_per_s=%.0f baseline_per_s=%.0f'
          % (ratio, engine_rate, baseline_rate))
