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

"""Nova's notifications about the servers of orders.

A batch endpoint beside the capacity model's: every instance event whose
payload carries this deployment's metadata is an order's server telling
its state (ACTIVE, SUSPENDED, ERROR, DELETED, SHELVED, and REBOOT or
REBUILD while such a task runs, as Nova's API shows them), which the
lifecycle applies at once (activate, retry a boot, fail an order whose
server was deleted outside utter-va, ...). Reports older than the one
recorded change nothing; a database error requeues the batch; a malformed
payload is logged and dropped.
"""

from oslo_db import exception as db_exc
from oslo_log import log
import oslo_messaging

from utter_va.compute import nova
from utter_va import conf
from utter_va.engine import notifications
from utter_va import exception
from utter_va.orders import actions
from utter_va.orders import servers

CONF = conf.CONF
LOG = log.getLogger(__name__)

_FILTER = r'^instance\.'


class ServerEventsEndpoint:
    """Batch endpoint: order servers' state changes into the lifecycle."""

    filter_rule = oslo_messaging.NotificationFilter(event_type=_FILTER)

    def __init__(self, cloud):
        self.cloud = cloud

    def info(self, messages):
        newest = {}
        for message in messages:
            report = self._report(message)
            if report is None:
                continue
            known = newest.get(report[1])
            if known is None or report[4] >= known[4]:
                newest[report[1]] = report
        for order_id, server_id, status, addresses, at in newest.values():
            try:
                actions.server_changed(order_id, server_id, status,
                                       addresses, at, self.cloud)
            except db_exc.DBError:
                LOG.exception('Database error while applying server events;'
                              ' they will be redelivered')
                return oslo_messaging.NotificationResult.REQUEUE
            except exception.CloudUnavailable as exc:
                # NOTE: the state is recorded; the sweep acts on it.
                LOG.warning('Order %s: %s', order_id, exc)
        return oslo_messaging.NotificationResult.HANDLED

    error = info

    @staticmethod
    def _report(message):
        """(order id, server id, status, addresses, time) or None."""
        try:
            data = notifications.payload_data(message.get('payload'))
            metadata = data.get('metadata') or {}
            if metadata.get(nova.DEPLOYMENT_KEY) != CONF.orders.deployment_id:
                return None
            status = servers.status(data['state'], data.get('task_state'))
            if status is None:
                return None
            return (metadata[nova.ORDER_KEY], data['uuid'], status,
                    data.get('ip_addresses') or [],
                    notifications.event_time(message))
        except (notifications.MalformedNotification, KeyError, TypeError,
                ValueError) as exc:
            LOG.warning('Dropped a malformed %s notification: %s',
                        message.get('event_type'), exc)
            return None
