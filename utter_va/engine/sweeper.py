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

"""The engine's periodic sweep over due orders, and its payment poll.

Every ``[orders] sweep_interval`` seconds each engine reads the ids of the
orders whose ``state_deadline`` passed (one indexed range query) and
advances each one under its own row lock, skipping those another engine
holds. Engines may run the sweep at the same time: none acts twice.
"""

import datetime

from oslo_log import log
from oslo_utils import timeutils

from utter_va import conf
from utter_va.db import order_sweep
from utter_va import exception
from utter_va.orders import actions
from utter_va.orders import ledger

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: How long after its expiry a request is still polled for late payments.
LATE_PAYMENT_WINDOW = datetime.timedelta(days=1)


class Sweeper:
    """Advances due orders; polls the payment driver."""

    def __init__(self, cloud, payment_driver=None, on_change=None):
        self.cloud = cloud
        self.payment_driver = payment_driver
        self.on_change = on_change

    def sweep(self, now=None):
        """Advance every due order once; return how many moved on."""
        now = now or timeutils.utcnow()
        acted = 0
        for order_id in order_sweep.due_order_ids(
                now, CONF.orders.sweep_batch_size):
            try:
                if actions.step(order_id, self.cloud, now) is not None:
                    acted += 1
            except exception.CloudUnavailable as exc:
                LOG.warning('Order %s: %s; trying again at the next sweep',
                            order_id, exc)
            except Exception:
                LOG.exception('Order %s could not be advanced', order_id)
        if acted:
            LOG.debug('Sweep advanced %d orders', acted)
            if self.on_change:
                self.on_change()
        return acted

    def poll_payments(self):
        """Ask the payment driver for payments; apply and follow them."""
        driver = self.payment_driver
        since = timeutils.utcnow() - LATE_PAYMENT_WINDOW
        events = driver.poll(order_sweep.pending_requests(driver.name, since))
        orders = set()
        for event in events:
            try:
                orders.add(ledger.apply_event(driver.name, event)['order_id'])
            except exception.PaymentRequestNotFound:
                LOG.warning('Payment %s of %s is to no request of ours',
                            event.money_key, driver.name)
        if hasattr(driver, 'acknowledge'):
            driver.acknowledge()
        for order_id in orders:
            actions.nudge(order_id, self.cloud)
        return len(events)
