"""The fake payment driver: no money, for tests and demos.

Payments are made with :func:`simulate_payment` (or ``utter-va-manage
payment simulate <order> <sats>``), which builds the same PaymentEvent a
real processor would report and applies it through the same ledger.
"""

import datetime
import hashlib

from oslo_utils import timeutils
from oslo_utils import uuidutils

from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.i18n import _
from utter_va.payment import base
from utter_va.payment import ledger

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


def simulate_payment(order_id, sats, status=base.CONFIRMED, money_key=None):
    """Pay ``sats`` to the newest fake payment request of an order."""
    requests = [r for r in db_payments.requests_of_order(order_id)
                if r['driver'] == NAME]
    if not requests:
        raise exception.PaymentRequestNotFound(driver=NAME,
                                               request_id=order_id)
    event = base.PaymentEvent(
        request_id=requests[-1]['external_id'],
        money_key=money_key or 'fake-%s' % uuidutils.generate_uuid(),
        amount_msat=base.check_amount(sats) * 1000,
        confirmations=1, status=status)
    return ledger.apply_event(NAME, event, actor='simulate')
