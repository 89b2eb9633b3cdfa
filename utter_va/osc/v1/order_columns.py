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

"""How the nested parts of an order read in a table.

Each column is one line per item in a table and the API's own structure
with ``-f json`` or ``-f yaml``.
"""

from cliff import columns


class _LinesColumn(columns.FormattableColumn):
    """A list shown one item per line; the list itself in JSON."""

    def line(self, item):
        raise NotImplementedError

    def human_readable(self):
        return '\n'.join(self.line(item) for item in self._value or ())

    def machine_readable(self):
        return list(self._value or ())


class TransitionsColumn(_LinesColumn):
    """An order's state changes: time, from -> to, cause and actor."""

    def line(self, change):
        return '%s %s -> %s (%s)%s' % (
            change.get('at'), change.get('from_state') or '-',
            change.get('to_state'), change.get('cause'),
            ' by %s' % change['actor'] if change.get('actor') else '')


class PaymentRequestsColumn(_LinesColumn):
    """An order's payment requests: status, amount, where to pay, expiry."""

    def line(self, request):
        return '%s %s sats (%s received) to %s until %s' % (
            request.get('status'), request.get('amount_sats'),
            request.get('received_sats', 0),
            request.get('address') or request.get('invoice'),
            request.get('expires_at'))


class RefundsColumn(_LinesColumn):
    """What is owed back to the buyer, and why."""

    def line(self, refund):
        return '%s %s sats: %s' % (refund.get('status'),
                                   refund.get('amount_sats'),
                                   refund.get('reason'))


class ServerColumn(columns.FormattableColumn):
    """The order's server: its status and its addresses per network."""

    def human_readable(self):
        server = self._value or {}
        addresses = '; '.join(
            '%s=%s' % (network, ', '.join(
                a.get('addr', str(a)) if isinstance(a, dict) else str(a)
                for a in (ips or ())))
            for network, ips in sorted((server.get('addresses') or
                                        {}).items()))
        return ' '.join(filter(None, [server.get('status') or '-',
                                      addresses]))

    def machine_readable(self):
        return self._value
