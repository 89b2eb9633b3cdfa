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

"""Webhooks of payment processors: ``POST /v1/webhooks/<driver>``.

A webhook is a doorbell. The configured driver checks its signature and
re-reads the processor; the ledger records each payment it reports, once;
then the engine is told. The answer is 2xx only once the ledger committed,
so a processor retries a delivery that failed here. A forged, unsigned or
unknown delivery is refused (4xx) and records nothing.
"""

import flask
from oslo_log import log

from utter_va import conf
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.orders import ledger
from utter_va import payment

CONF = conf.CONF
LOG = log.getLogger(__name__)

webhooks = flask.Blueprint('webhooks', __name__)


@webhooks.post('/v1/webhooks/<driver>')
def receive_webhook(driver):
    """A payment processor's notification, for the configured driver only.

    The body is the processor's own (e.g. a signed BTCPay Server webhook
    delivery); 404 for any driver but ``[payment] driver``.
    """
    if driver != CONF.payment.driver:
        raise exception.NotFound()
    payment_driver = payment.configured_driver()
    events = payment_driver.parse_webhook(dict(flask.request.headers),
                                          flask.request.get_data())
    order_ids = []
    for event in events:
        recorded = ledger.apply_event(driver, event, actor='webhook')
        if recorded['order_id'] and recorded['order_id'] not in order_ids:
            order_ids.append(recorded['order_id'])
    engine = rpcapi.EngineAPI()
    for order_id in order_ids:
        engine.payment_recorded(order_id)
    LOG.info('Webhook of %s: %d payment events for orders %s', driver,
             len(events), order_ids)
    return {'events': len(events)}


receive_webhook.api_responses = {
    '200': 'The delivery was recorded (how many payment events).'}
