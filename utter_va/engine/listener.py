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
