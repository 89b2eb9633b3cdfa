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

"""The engine's listener for Nova's notifications on the cloud's bus."""

import oslo_messaging

from utter_va import conf

CONF = conf.CONF


def notification_listener(endpoints, transport=None):
    """Return a batch notification listener on native threads.

    It listens on ``[engine] notification_topics`` of exchange
    ``[engine] notification_exchange`` with pool ``[engine]
    notification_pool``, and may requeue a batch (a database outage).
    """
    transport = transport or oslo_messaging.get_notification_transport(CONF)
    exchange = CONF.engine.notification_exchange
    targets = [oslo_messaging.Target(topic=topic, exchange=exchange)
               for topic in CONF.engine.notification_topics]
    return oslo_messaging.get_batch_notification_listener(
        transport, targets, endpoints, executor='threading',
        batch_size=CONF.engine.notification_batch_size,
        batch_timeout=CONF.engine.notification_batch_timeout,
        pool=CONF.engine.notification_pool, allow_requeue=True)
