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

"""The fake payment driver: no money, for tests and demos.

Payments are made with :func:`utter_va.orders.ledger.simulate_payment`
(or ``utter-va-manage payment simulate <order> <sats>``), which builds the
same PaymentEvent a real processor would report and applies it through the
same ledger.
"""

import datetime
import hashlib

from oslo_utils import timeutils
from oslo_utils import uuidutils

from utter_va import exception
from utter_va.i18n import _
from utter_va.payment import base

NAME = 'fake'


class FakeDriver(base.PaymentDriver):
    """Issues fake regtest addresses; takes no webhooks; polls nothing."""

    name = NAME

    def create_request(self, order_id, amount_msat, expires_in):
        base.check_amount(amount_msat)
        external_id = uuidutils.generate_uuid()
        # NOTE: shaped like a regtest address so that nobody mistakes it
        # for one that can receive real bitcoin.
        address = 'bcrt1qfake' + hashlib.sha256(
            external_id.encode()).hexdigest()[:30]
        return base.PaymentRequestInfo(
            external_id=external_id, address=address, invoice=None,
            amount_msat=amount_msat,
            payment_uri=base.payment_uri(address, amount_msat),
            expires_at=timeutils.utcnow() + datetime.timedelta(
                seconds=expires_in))

    def parse_webhook(self, headers, body):
        raise exception.WebhookRejected(
            reason=_('the fake driver takes no webhooks'))

    def poll(self, pending_requests):
        return []
