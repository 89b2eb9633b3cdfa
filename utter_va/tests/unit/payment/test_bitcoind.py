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

"""The bitcoind driver against a local Bitcoin Core JSON-RPC server."""

from embit.networks import NETWORKS

from utter_va.db import api as db_api
from utter_va.db import payments as db_payments
from utter_va import exception
from utter_va.orders import ledger
from utter_va.payment import base as payment_base
from utter_va.payment import bitcoind
from utter_va.tests import base
from utter_va.tests import fixtures
from utter_va.tests.unit.payment.fakes import bitcoind_server


class TestFakeWalletVectors(base.TestCase):
    """The fake wallet derives addresses as BIP84 says."""

    def test_bip84_first_receive_addresses(self):
        descriptor = bitcoind_server.receive_descriptor()
        self.assertEqual(
            ['bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
             'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g'],
            [descriptor.derive(i).address(NETWORKS['main'])
             for i in range(2)])


class BitcoindTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.node = self.useFixture(bitcoind_server.FakeBitcoind())
        self.useFixture(fixtures.SqliteDatabase(on_disk=True))
        self.flags(url=self.node.url, wallet='utter-va', rpc_user='rpc',
                   rpc_password='rpcpass', confirmations=2, timeout=2,
                   group='payment_bitcoind')
        self.driver = bitcoind.BitcoindDriver()

    def poll(self):
        events = self.driver.poll([])
        self.driver.acknowledge()
        return [(e.money_key.split(':')[0], e.amount_msat, e.confirmations,
                 e.status) for e in events]


class TestRequests(BitcoindTestCase):

    def test_fresh_address_per_request(self):
        first = self.driver.create_request('o1', 100_000, 900)
        second = self.driver.create_request('o2', 100_000, 900)
        self.assertNotEqual(first.address, second.address)
        self.assertTrue(first.address.startswith('bcrt1q'))
        self.assertEqual(first.address, first.external_id)
        self.assertEqual('bitcoin:%s?amount=0.000001' % first.address,
                         first.payment_uri)

    def test_rpc_errors_are_clear(self):
        self.flags(rpc_password='nope', group='payment_bitcoind')
        exc = self.assertRaises(exception.PaymentProcessorError,
                                bitcoind.BitcoindDriver().create_request,
                                'o', 1000, 60)
        self.assertIn('credentials', str(exc))
        self.assertNotIn('nope', str(exc))
        self.flags(rpc_password='rpcpass', wallet='other',
                   group='payment_bitcoind')
        exc = self.assertRaises(exception.PaymentProcessorError,
                                bitcoind.BitcoindDriver().create_request,
                                'o', 1000, 60)
        self.assertIn('not loaded (-18)', str(exc))

    def test_no_webhooks(self):
        self.assertRaises(exception.WebhookRejected,
                          self.driver.parse_webhook, {}, b'')


class TestPolling(BitcoindTestCase):

    def test_confirmations_counted(self):
        address = self.driver.create_request('o', 1000, 900).address
        txid = self.node.send(address, '0.00001')
        self.assertEqual([(txid, 1_000_000, 0, 'seen')], self.poll())
        self.node.mine()
        self.assertEqual([(txid, 1_000_000, 1, 'seen')], self.poll())
        self.node.mine()
        self.assertEqual([(txid, 1_000_000, 2, 'confirmed')], self.poll())
        self.node.mine(3)
        # Deep enough: the cursor moved past it.
        self.assertEqual([], self.poll())

    def test_unacknowledged_poll_reports_again(self):
        address = self.driver.create_request('o', 1000, 900).address
        self.node.send(address, '0.00001')
        self.node.mine(5)
        self.assertEqual(1, len(self.driver.poll([])))
        self.assertEqual(1, len(self.driver.poll([])))

    def test_reorg_reverses_only_what_left_the_chain(self):
        address = self.driver.create_request('o', 1000, 900).address
        kept = self.node.send(address, '0.00002')
        self.node.mine(2)
        self.poll()
        dropped = self.node.send(address, '0.00001')
        self.node.mine(2)
        self.assertIn((dropped, 1_000_000, 2, 'confirmed'), self.poll())
        self.node.reorg(2)
        events = self.poll()
        self.assertIn((dropped, 1_000_000, 0, 'reversed'), events)
        self.assertNotIn(kept, [e[0] for e in events if e[3] == 'reversed'])

    def test_output_it_cannot_read_is_skipped_and_the_cursor_moves_on(self):
        address = self.driver.create_request('o', 1000, 900).address
        self.node.send(address, '0')              # no value
        self.node.send(None, '0.00003')           # no address
        good = self.node.send(address, '0.00001')
        self.node.mine(2)
        self.assertEqual([(good, 1_000_000, 2, 'confirmed')], self.poll())
        self.node.mine(3)
        self.assertEqual([], self.poll())

    def test_at_least_one_confirmation(self):
        self.assertRaises(ValueError, self.flags, confirmations=0,
                          group='payment_bitcoind')

    def test_reorg_that_re_mines_is_not_a_reversal(self):
        address = self.driver.create_request('o', 1000, 900).address
        txid = self.node.send(address, '0.00001')
        self.node.mine(2)
        self.poll()
        self.node.reorg(2, drop=False)
        self.assertNotIn('reversed', [e[3] for e in self.poll()
                                      if e[0] == txid])


class TestThroughTheLedger(BitcoindTestCase):

    def test_reorged_payment_is_credited_then_taken_back_once(self):
        self.flags(minimum_purchase_seconds=60, group='payment')
        _, info = fixtures.order_with_request(
            self.driver, 'o-chain', 1_000_000, 1_000_000)
        stranger = self.driver.create_request('nobody', 1000, 900).address
        self.node.send(info.address, '0.00001')
        self.node.send(stranger, '0.00005')  # an address never issued
        self.node.mine(2)

        def apply():
            for event in self.driver.poll([]):
                try:
                    ledger.apply_event('bitcoind', event)
                except exception.PaymentRequestNotFound:
                    pass
            self.driver.acknowledge()
        apply()
        self.assertEqual(3600, db_api.order_get('o-chain')['credited_seconds'])
        self.node.reorg(2)
        apply()
        apply()
        order = db_api.order_get('o-chain')
        self.assertEqual(0, order['credited_seconds'])
        payments = db_payments.payments_of_order('o-chain')
        self.assertEqual([payment_base.REVERSED],
                         [p['status'] for p in payments])

    def test_reversed_payment_mined_again_is_credited_again_once(self):
        self.flags(minimum_purchase_seconds=60, group='payment')
        _, info = fixtures.order_with_request(
            self.driver, 'o-again', 1_000_000, 1_000_000)
        txid = self.node.send(info.address, '0.00001')
        self.node.mine(2)

        def apply():
            for event in self.driver.poll([]):
                ledger.apply_event('bitcoind', event)
            self.driver.acknowledge()
        apply()
        self.node.reorg(2)
        apply()
        self.assertEqual(0, db_api.order_get('o-again')['credited_seconds'])
        self.node.rebroadcast(txid)
        self.node.mine(2)
        apply()
        apply()
        self.node.mine(1)
        apply()
        order = db_api.order_get('o-again')
        self.assertEqual(3600, order['credited_seconds'])
        self.assertEqual(1_000_000, order['paid_msat'])
        self.assertEqual([payment_base.CONFIRMED], [
            p['status'] for p in db_payments.payments_of_order('o-again')])
        self.assertEqual([], db_payments.refunds_owed())
