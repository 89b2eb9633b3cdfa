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

"""A local Bitcoin Core JSON-RPC server with a watch-only wallet, for tests.

It follows the Bitcoin Core RPC reference (developer.bitcoin.org/reference/
rpc, v27): HTTP basic auth (401 with an empty body without it), JSON-RPC
1.0 bodies, errors as HTTP 500 with ``{"result": null, "error": {"code",
"message"}}`` (-18 for a wallet that is not loaded, -32601 for an unknown
method), ``/wallet/<name>`` endpoints, ``getnewaddress`` deriving the next
address of the wallet's ``wpkh(xpub/0/*)`` descriptor (BIP84, with embit),
and ``listsinceblock(blockhash, target_confirmations, include_watchonly,
include_removed)`` with ``transactions``, ``removed`` and ``lastblock``.
Tests mine blocks, send to addresses and reorganise the chain.
"""

import base64
import decimal
import hashlib
import json
import os
import threading

from embit import bip32
from embit.descriptor import Descriptor
from embit.networks import NETWORKS
import fixtures

from utter_va.tests.unit.payment.fakes import base as fakes_base

# BIP84's test vector account: zpub of "abandon abandon ... about".
BIP84_ZPUB = ('zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH'
              '1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs')


def receive_descriptor(zpub=BIP84_ZPUB):
    key = bip32.HDKey.from_string(zpub)
    return Descriptor.from_string('wpkh(%s/0/*)' % key.to_base58(
        version=NETWORKS['main']['xpub']))


class _Chain:
    def __init__(self, network):
        self.network = network
        self.descriptor = receive_descriptor()
        self.next_index = 0
        self.blocks = [self._hash()]     # the active chain, genesis first
        self.parents = {}
        self.mined = {}                  # block hash -> [tx]
        self.mempool = []
        self.lock = threading.Lock()

    @staticmethod
    def _hash():
        return hashlib.sha256(os.urandom(32)).hexdigest()

    def address(self):
        address = self.descriptor.derive(self.next_index).address(
            NETWORKS[self.network])
        self.next_index += 1
        return address

    def height_of(self, block_hash):
        try:
            return self.blocks.index(block_hash)
        except ValueError:
            return None

    def confirmations(self, tx):
        height = self.height_of(tx['block'])
        return len(self.blocks) - height if height is not None else 0


class _Handler(fakes_base.JSONHandler):
    fake = None

    def do_POST(self):
        expected = 'Basic ' + base64.b64encode(
            ('%s:%s' % (self.fake.user, self.fake.password)).encode()
        ).decode()
        if self.headers.get('Authorization') != expected:
            return self._send(401)
        request = json.loads(self.rfile.read(
            int(self.headers.get('Content-Length') or 0)))
        rid = request.get('id')
        if self.path != '/wallet/%s' % self.fake.wallet:
            return self._send(500, {'result': None, 'id': rid, 'error': {
                'code': -18, 'message': 'Requested wallet does not exist or '
                                        'is not loaded'}})
        method = getattr(self, 'rpc_' + request.get('method', ''), None)
        if method is None:
            return self._send(404, {'result': None, 'id': rid, 'error': {
                'code': -32601, 'message': 'Method not found'}})
        with self.fake.chain.lock:
            result = method(*request.get('params', []))
        self._send(200, {'result': result, 'error': None, 'id': rid})

    def rpc_getnewaddress(self, label='', address_type='bech32'):
        return self.fake.chain.address()

    def rpc_listsinceblock(self, blockhash='', target_confirmations=1,
                           include_watchonly=True, include_removed=True):
        chain = self.fake.chain
        since = 0
        removed = []
        if blockhash:
            if chain.height_of(blockhash) is None:
                # A block reorganised away: report what it and its
                # ancestors down to the fork held, then start at the fork.
                walk = blockhash
                while chain.height_of(walk) is None:
                    removed.extend(chain.mined.get(walk, []))
                    walk = chain.parents[walk]
                since = chain.height_of(walk) + 1
            else:
                since = chain.height_of(blockhash) + 1
        transactions = [
            tx for block in chain.blocks[since:]
            for tx in chain.mined.get(block, [])] + list(chain.mempool)
        last = chain.blocks[max(0, len(chain.blocks) - target_confirmations)]
        return {
            'transactions': [self._entry(tx) for tx in transactions],
            'removed': ([self._entry(tx, removed=True) for tx in removed]
                        if include_removed else []),
            'lastblock': last,
        }

    def _entry(self, tx, removed=False):
        chain = self.fake.chain
        entry = {'category': 'receive',
                 'amount': tx['amount'], 'vout': tx['vout'],
                 'txid': tx['txid'],
                 'confirmations': (tx.get('conflicted') and -1) or
                 chain.confirmations(tx)}
        # NOTE: an output whose script is no standard address (bare
        # multisig, say) has no "address" field.
        if tx['address'] is not None:
            entry['address'] = tx['address']
        if tx['block'] and not removed:
            entry['blockhash'] = tx['block']
        return entry


class FakeBitcoind(fixtures.Fixture):
    """A node on 127.0.0.1 with one watch-only wallet; stopped in cleanup."""

    def __init__(self, wallet='utter-va', user='rpc', password='rpcpass',
                 network='regtest'):
        super().__init__()
        self.wallet, self.user, self.password = wallet, user, password
        self.chain = _Chain(network)

    def _setUp(self):
        self.url = fakes_base.serve(
            self, type('Handler', (_Handler,), {'fake': self}))

    def send(self, address, btc):
        """Broadcast a payment to ``address``; return its txid.

        ``address`` None is an output to a non-standard script.
        """
        with self.chain.lock:
            tx = {'txid': self.chain._hash(), 'vout': 0, 'address': address,
                  'amount': decimal.Decimal(btc), 'block': None}
            self.chain.mempool.append(tx)
            return tx['txid']

    def mine(self, count=1):
        with self.chain.lock:
            for _ in range(count):
                block = self.chain._hash()
                self.chain.parents[block] = self.chain.blocks[-1]
                self.chain.blocks.append(block)
                self.chain.mined[block] = self.chain.mempool
                for tx in self.chain.mempool:
                    tx['block'] = block
                self.chain.mempool = []

    def reorg(self, depth, drop=True):
        """Replace the last ``depth`` blocks with empty ones.

        Their transactions are dropped (double-spent) when ``drop``, else
        they go back to the mempool.
        """
        with self.chain.lock:
            for block in self.chain.blocks[-depth:]:
                for tx in self.chain.mined.get(block, []):
                    tx['block'] = None
                    if drop:
                        tx['conflicted'] = True
                    else:
                        self.chain.mempool.append(tx)
            del self.chain.blocks[-depth:]
        self.mine(depth)

    def rebroadcast(self, txid):
        """Put a dropped transaction back in the mempool.

        Its conflict left the chain in turn; mine to confirm it again.
        """
        with self.chain.lock:
            for block_txs in [self.chain.mempool] + list(
                    self.chain.mined.values()):
                for tx in block_txs:
                    if tx['txid'] == txid and tx.get('conflicted'):
                        tx['conflicted'] = False
                        self.chain.mempool.append(tx)
                        return
            raise KeyError(txid)
