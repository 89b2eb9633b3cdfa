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

"""The oslo.service service that runs inside utter-va-engine.

At start it reads Placement and Nova in full, then follows Nova's
notifications (re-reading only the nodes they concern, debounced) and does a
full read again every ``[engine] capacity_sync_interval`` seconds. It runs
the order lifecycle: the API's casts and the notifications about order
servers act at once, and timers sweep due orders, poll the payment driver,
reconcile Nova's servers with the orders, publish order changes and send
callbacks. It also records a heartbeat, and runs the marketplace driver
(``[marketplace] driver``), which advertises the offers and reports order
changes on a thread of its own. Everything runs on native threads.
"""

import datetime

from oslo_log import log
from oslo_service import service
from oslo_utils import timeutils

from utter_va.compute import cloud as cloud_clients
from utter_va.compute import placement
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import idempotency as db_idempotency
from utter_va.db import orders as db_orders
from utter_va.engine import callbacks
from utter_va.engine import capacity_model
from utter_va.engine import debounce
from utter_va.engine import listener
from utter_va.engine import notifications
from utter_va.engine import outbox
from utter_va.engine import reconciler
from utter_va.engine import rpc_endpoint
from utter_va.engine import server_events
from utter_va.engine import sweeper
from utter_va import marketplace
from utter_va.marketplace import none as no_marketplace
from utter_va import payment
from utter_va import version

CONF = conf.CONF
LOG = log.getLogger(__name__)

BINARY = 'utter-va-engine'

#: Seconds between two erasures of the buyer data of closed orders, and
#: before the first one (not urgent: it leaves the start to the rest).
PURGE_INTERVAL = 3600
PURGE_DELAY = 60


def purge_personal_data(now=None):
    """Erase the buyer data of orders closed longer than the retention ago.

    ``[orders] personal_data_retention`` says how long; returns how many
    orders were purged.
    """
    now = now or timeutils.utcnow()
    purged = db_orders.personal_data_purge(now - datetime.timedelta(
        seconds=CONF.orders.personal_data_retention))
    if purged:
        LOG.info('Erased the buyer data of %d closed orders', purged)
    return purged


class EngineService(service.Service):
    """The engine's service: capacity model, heartbeat, listener."""

    def __init__(self, follow_cloud=None):
        super().__init__()
        self._follow_cloud = follow_cloud
        self.host = None
        self.model = None
        self.listener = None
        self.refresher = None
        self.rpc_server = None
        self.sweeper = None
        self.callback_sender = None
        self.marketplace = no_marketplace.NoMarketplace()

    def start(self):
        # NOTE: on SIGHUP the launcher re-reads the configuration and
        # starts this same object again in a new worker: read it here, not
        # in __init__.
        super().start()
        self.host = CONF.host
        self.follow_cloud = self._follow_cloud
        if self.follow_cloud is None:
            self.follow_cloud = bool(CONF.placement.auth_type)
        LOG.info('Starting %s %s on host %s', BINARY,
                 version.version_string(), self.host)
        self.tg.add_timer_args(CONF.engine.heartbeat_interval,
                               self.heartbeat, initial_delay=0,
                               stop_on_exception=False)
        self.sweeper = sweeper.Sweeper(
            cloud_clients.get(), payment.configured_driver(),
            on_change=self.recompute)
        self._every(CONF.orders.payment_poll_interval,
                    self.sweeper.poll_payments, 'Payment poll')
        self.publisher = outbox.Publisher(self.host)
        self._start_marketplace()
        self._every(CONF.orders.publish_interval, self.publish,
                    'Publishing order changes')
        self.callback_sender = callbacks.CallbackSender()
        self._every(CONF.orders.publish_interval,
                    self.callback_sender.send_due, 'Callbacks')
        self._every(PURGE_INTERVAL, purge_personal_data,
                    'Erasing the buyer data of closed orders',
                    initial_delay=PURGE_DELAY)
        self._every(CONF.api.idempotency_purge_interval,
                    self.purge_idempotency_keys,
                    'Purging expired idempotency keys')
        if self.follow_cloud:
            self._start_capacity_model()
            self._start_lifecycle()
        else:
            LOG.warning('No credentials in [placement]: this engine does '
                        'not follow the cloud, and sells nothing')

    def _start_marketplace(self):
        try:
            self.marketplace = marketplace.configured_driver()
        except Exception:
            # NOTE: a marketplace that cannot load must not stop the sale
            # of what buyers order on this cloud directly.
            LOG.exception('The marketplace driver %r could not be loaded; '
                          'this engine advertises nowhere',
                          CONF.marketplace.driver)
            self.marketplace = no_marketplace.NoMarketplace()
        self.marketplace.start()

    def publish(self):
        """Publish order changes; tell the marketplace there are some."""
        published = self.publisher.publish()
        if published:
            self.marketplace.order_changed()
        return published

    def _every(self, interval, function, what, initial_delay=0):
        def run():
            try:
                function()
            except Exception:
                LOG.exception('%s failed; trying again in %ss', what,
                              interval)
        self.tg.add_timer_args(interval, run, initial_delay=initial_delay,
                               stop_on_exception=False)

    def _start_lifecycle(self):
        cloud = self.sweeper.cloud
        self.rpc_server = rpc_endpoint.rpc_server(
            rpc_endpoint.EngineEndpoint(cloud, on_change=self.recompute),
            self.host)
        self.rpc_server.start()
        self._every(CONF.orders.sweep_interval, self.sweeper.sweep,
                    'Order sweep')
        self._every(CONF.orders.reconcile_interval,
                    reconciler.Reconciler(cloud).reconcile,
                    'Reconciling servers with orders')

    def recompute(self):
        """Recompute sellable capacity (orders hold or release units)."""
        if self.model is not None:
            self.model.recompute()
        self.marketplace.offers_changed()

    def _refresh(self, names):
        self.model.refresh(names)
        self.marketplace.offers_changed()

    def _start_capacity_model(self):
        self.model = capacity_model.CapacityModel(
            placement.PlacementClient(), self.sweeper.cloud.nova)
        self.refresher = debounce.Debouncer(
            self._refresh, CONF.engine.capacity_refresh_delay)
        self.listener = listener.notification_listener(
            [notifications.NovaNotificationsEndpoint(self.refresher.mark),
             server_events.ServerEventsEndpoint(self.sweeper.cloud)])
        self.listener.start()
        LOG.info('Listening to Nova notifications on %s (pool %s)',
                 ', '.join(CONF.engine.notification_topics),
                 CONF.engine.notification_pool)
        self.tg.add_timer_args(CONF.engine.capacity_sync_interval,
                               self.full_sync, initial_delay=0,
                               stop_on_exception=False)

    def purge_idempotency_keys(self):
        """Forget the buyers' Idempotency-Keys past their lifetime."""
        purged = db_idempotency.purge(CONF.api.idempotency_key_lifetime)
        if purged:
            LOG.info('Purged %d expired idempotency keys', purged)

    def heartbeat(self):
        """Record in the database that this engine is alive."""
        try:
            db_api.service_heartbeat(self.host, BINARY,
                                     version=version.version_string())
        except Exception:
            LOG.exception('Engine heartbeat could not be recorded')

    def full_sync(self):
        """Read Placement and Nova in full; log, never raise."""
        try:
            self.model.full_sync()
            self.marketplace.offers_changed()
        except Exception:
            LOG.exception('Full capacity sync failed; retrying in %ss',
                          CONF.engine.capacity_sync_interval)

    def stop(self, graceful=False):
        LOG.info('Stopping %s on host %s', BINARY, self.host)
        for server in (self.listener, self.rpc_server):
            if server is not None:
                server.stop()
                server.wait()
        if self.refresher is not None:
            self.refresher.cancel()
        if self.callback_sender is not None:
            self.callback_sender.close()
        self.marketplace.stop()
        super().stop(graceful)
