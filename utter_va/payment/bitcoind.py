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

"""The Bitcoin Core payment driver: a watch-only descriptor wallet.

Each payment request gets a fresh address from the wallet
(``getnewaddress``); the wallet was built from the operator's xpub and
holds no private key. Payments are found by polling ``listsinceblock`` from
the last block stored in driver_cursors, asking for the target depth so that
payments still short of their confirmations are seen again next time. A
payment's money key is ``txid:vout``. A payment whose block left the chain
(``removed``), or whose transaction conflicts (negative confirmations), is
reported as reversed: the ledger takes back what it credited, and credits
it again (once) if a later block holds it after all. An output the driver
cannot read (no value, no address, a malformed field) is logged and
skipped: it never stops the cursor.
"""

import datetime
import decimal
import itertools
import json

from oslo_log import log
from oslo_utils import timeutils
import requests

from utter_va import conf
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.i18n import _
from utter_va.payment import base

CONF = conf.CONF
LOG = log.getLogger(__name__)

CURSOR = 'lastblock'


class BitcoindDriver(base.PaymentDriver):
    """On-chain payments to a watch-only wallet of Bitcoin Core."""

    name = 'bitcoind'

    def __init__(self, session=None):
        self.conf = CONF.payment_bitcoind
        self.session = session or requests.Session()
        # NOTE: one driver serves every thread; next() of a count is
        # atomic, ``+= 1`` is not.
        self._ids = itertools.count(1)

    @property
    def confirmations_required(self):
        """``[payment_bitcoind] confirmations``."""
        return self.conf.confirmations

    def check_config(self):
        return base.processor_url(self.name, 'payment_bitcoind',
                                  'RPC password')

    def _rpc(self, method, *params):
        call_id = next(self._ids)
        url = '%s/wallet/%s' % (self.check_config(), self.conf.wallet)
        try:
            response = self.session.post(
                url, timeout=self.conf.timeout,
                auth=(self.conf.rpc_user or '', self.conf.rpc_password or ''),
                json={'jsonrpc': '1.0', 'id': call_id, 'method': method,
                      'params': list(params)})
        except requests.RequestException as exc:
            raise exception.PaymentProcessorError(driver=self.name,
                                                  reason=str(exc))
        if response.status_code == 401:
            raise exception.PaymentProcessorError(
                driver=self.name, reason=_('the node refused the RPC '
                                           'credentials'))
        try:
            # NOTE: amounts are BTC numbers; read them as Decimal.
            answer = json.loads(response.text, parse_float=decimal.Decimal)
        except ValueError:
            raise exception.PaymentProcessorError(
                driver=self.name, reason='HTTP %d, not JSON' %
                response.status_code)
        if answer.get('error'):
            raise exception.PaymentProcessorError(
                driver=self.name, reason='%s (%s)' % (
                    answer['error'].get('message'),
                    answer['error'].get('code')))
        return answer['result']

    def create_request(self, order_id, amount_msat, expires_in):
        base.check_amount(amount_msat)
        sats = -(-amount_msat // 1000)
        address = self._rpc('getnewaddress', 'utter-va %s' % order_id,
                            'bech32')
        return base.PaymentRequestInfo(
            external_id=address, address=address, invoice=None,
            amount_msat=sats * 1000,
            payment_uri=base.payment_uri(address, sats * 1000),
            expires_at=timeutils.utcnow() + datetime.timedelta(
                seconds=expires_in))

    def parse_webhook(self, headers, body):
        raise exception.WebhookRejected(
            reason=_('bitcoind sends no webhooks; payments are polled'))

    def poll(self, pending_requests):
        """Events for payments to any address this wallet gave out.

        ``pending_requests`` is not needed to find them (every receive of
        the wallet is reported, and the ledger refuses addresses it never
        issued), but an empty list skips the call.
        """
        cursor = self.cursor()
        params = [cursor or '', max(1, self.conf.confirmations), True, True]
        answer = self._rpc('listsinceblock', *params)
        events = []
        in_chain = set()
        for tx in answer.get('transactions', []):
            if tx.get('category') != 'receive':
                continue
            status, confirmations = self._status(tx)
            event = self._event(tx, status, confirmations)
            if event is None:
                continue
            if status != base.REVERSED:
                in_chain.add(event.money_key)
            events.append(event)
        for tx in answer.get('removed', []):
            if tx.get('category') != 'receive':
                continue
            event = self._event(tx, base.REVERSED, 0)
            # NOTE: a transaction of a disconnected block that the new chain
            # holds again is not reversed.
            if event is not None and event.money_key not in in_chain:
                events.append(event)
        # NOTE: the cursor moves only when the caller says the events are
        # applied (acknowledge), so a crash in between loses nothing.
        self.next_cursor = answer['lastblock']
        return events

    def acknowledge(self):
        """Record that the events of the last poll are applied."""
        if getattr(self, 'next_cursor', None):
            self.remember(self.next_cursor)

    def _status(self, tx):
        """(status, confirmations) of a wallet entry; no status if unreadable.

        Negative confirmations mean the transaction conflicts with one in
        the chain: it is reversed.
        """
        try:
            confirmations = int(tx.get('confirmations', 0))
        except (TypeError, ValueError):
            return None, 0
        if confirmations < 0:
            return base.REVERSED, 0
        if confirmations >= self.conf.confirmations:
            return base.CONFIRMED, confirmations
        return base.SEEN, confirmations

    @staticmethod
    def _event(tx, status, confirmations):
        """The event of one wallet entry; None, logged, if it is unusable.

        An output of no value, to no address or with a malformed field
        can be sent to a watched address by anybody: it is skipped, so
        that it can never stop the cursor.
        """
        reason = None
        if not tx.get('address'):
            reason = 'no address'
        elif status is None:
            reason = 'no confirmations'
        else:
            try:
                return base.PaymentEvent(
                    request_id=tx['address'],
                    money_key='%s:%d' % (tx['txid'], tx['vout']),
                    amount_msat=base.btc_to_msat(tx['amount']),
                    confirmations=confirmations, status=status)
            except (exception.Invalid, KeyError, TypeError,
                    ValueError) as exc:
                reason = exc
        LOG.warning('Skipping output %s:%s of the wallet: %s',
                    tx.get('txid'), tx.get('vout'), reason)
        return None

    def cursor(self):
        """The block hash polling resumes from, or None at first."""
        return db_payments.cursor_get(self.name, CURSOR)

    def remember(self, block_hash):
        """Record the block hash the next poll starts from."""
        db_payments.cursor_set(self.name, CURSOR, block_hash)
