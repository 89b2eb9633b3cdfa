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

"""utter-va-manage: the operator's command for the database and more.

Sub-commands are grouped by category (``db upgrade``, ``db version``, ...);
each category is a class whose public methods are its actions.
"""

import sys

from oslo_config import cfg
import prettytable

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import capacity as db_capacity
from utter_va.db import migration
from utter_va.db import payments as db_payments
from utter_va.db import prices as db_prices
from utter_va import exception
from utter_va.marketplace import client as pool_client
from utter_va.marketplace import membership
from utter_va.orders import ledger

CONF = conf.CONF


class DbCommands:
    """Manage the schema of utter-va's database."""

    def upgrade(self):
        """Upgrade the schema to a revision (the newest by default)."""
        migration.upgrade(CONF.command.revision or 'head')
        print('Database schema at %s' % migration.version())

    def downgrade(self):
        """Downgrade the schema to a revision ('base' drops everything)."""
        migration.downgrade(CONF.command.revision)
        print('Database schema at %s' % (migration.version() or 'base'))

    def version(self):
        """Print the revision the database is at."""
        print(migration.version() or 'base')

    def head(self):
        """Print the newest revision this release knows."""
        print(migration.head())


class CapacityCommands:
    """Show the sellable capacity the engine computed."""

    def show(self):
        """Print sellable units per priced flavor, and per host."""
        prices = {p['flavor_id']: p for p in db_prices.price_list()}
        table = prettytable.PrettyTable(
            ['Flavor', 'Enabled', 'Fit', 'Held', 'Max', 'Sellable',
             'Computed at'])
        for row in db_capacity.flavor_capacity_list():
            price = prices.get(row['flavor_id'], {})
            table.add_row([price.get('flavor_name', row['flavor_id']),
                           price.get('enabled'), row['fit_units'],
                           row['held_units'], price.get('max_units'),
                           row['sellable_units'], row['computed_at']])
        print(table)
        hosts = prettytable.PrettyTable(
            ['Host', 'Disabled', 'Up', 'Generation', 'VCPU used/total',
             'RAM MB used/total', 'Disk GB used/total', 'CPU %'])
        for provider in db_capacity.provider_list():
            inventories = provider['inventories']

            def usage(resource_class):
                inventory = inventories.get(resource_class)
                if inventory is None:
                    return '-'
                return '%d/%d' % (inventory.used, inventory.total)
            hosts.add_row([provider['name'], provider['service_disabled'],
                           provider['service_up'], provider['generation'],
                           usage('VCPU'), usage('MEMORY_MB'),
                           usage('DISK_GB'), provider['cpu_load_percent']])
        print(hosts)


class PaymentCommands:
    """Payments: simulate one with the fake driver."""

    def simulate(self):
        """Pay SATS to ORDER's newest fake payment request."""
        payment = ledger.simulate_payment(CONF.command.order,
                                          int(CONF.command.sats))
        print('Payment %s: %d msat, %s, credited %d msat = %d s' % (
            payment['money_key'], payment['amount_msat'],
            payment['status'], payment['credited_msat'],
            payment['credited_seconds']))


class RefundCommands:
    """Amounts owed back to buyers."""

    def list(self):
        """Print what is owed back, per order."""
        table = prettytable.PrettyTable(
            ['Order', 'Payment', 'Owed (msat)', 'Reason', 'Since'])
        for refund in db_payments.refunds_owed():
            table.add_row([refund['order_id'], refund['payment_id'],
                           refund['amount_msat'], refund['reason'],
                           refund['created_at']])
        print(table)


class PoolCommands:
    """This cloud at an utter-pool marketplace: join, rotate, leave."""

    @staticmethod
    def _run(action):
        try:
            return action()
        except pool_client.PoolError as exc:
            print('The pool refused: %s' % exc, file=sys.stderr)
        except exception.UtterVaException as exc:
            print('Error: %s' % exc, file=sys.stderr)
        return 1

    def join(self):
        """Join the pool at URL (default: [pool] url); make the key."""
        def act():
            joined = membership.join(CONF.command.url)
            if joined['key_created']:
                print('Created the key file %s (mode 0600)' %
                      CONF.pool.key_file)
            print('Cloud %s at %s: %s' % (joined['cloud'],
                                          joined['pool_url'],
                                          joined['status']))
        return self._run(act)

    def rotate_key(self):
        """Replace this cloud's key (the old one signs the new one)."""
        def act():
            rotated = membership.rotate_key(CONF.command.url)
            print('Cloud %s at %s: new public key %s; the old key is in '
                  '%s.old' % (rotated['cloud'], rotated['pool_url'],
                              rotated['public_key'], CONF.pool.key_file))
        return self._run(act)

    def leave(self):
        """Leave the pool."""
        def act():
            left = membership.leave(CONF.command.url)
            print('Cloud %s left %s' % (left['cloud'], left['pool_url']))
        return self._run(act)


_POOL_URL = [cfg.StrOpt('url', positional=True, required=False,
                        help='The pool\'s URL (default: [pool] url, or the '
                             'pool joined).')]

CATEGORIES = {
    'db': (DbCommands, {
        'upgrade': [cfg.StrOpt('revision', positional=True, required=False,
                               help='Revision to upgrade to (default: '
                                    'head).')],
        'downgrade': [cfg.StrOpt('revision', positional=True,
                                 help='Revision to downgrade to, or '
                                      '"base".')],
        'version': [],
        'head': [],
    }),
    'capacity': (CapacityCommands, {'show': []}),
    'payment': (PaymentCommands, {
        'simulate': [cfg.StrOpt('order', positional=True,
                                help='The order to pay.'),
                     cfg.StrOpt('sats', positional=True,
                                help='How many satoshis to pay.')],
    }),
    'refunds': (RefundCommands, {'list': []}),
    'pool': (PoolCommands, {'join': _POOL_URL, 'rotate-key': _POOL_URL,
                            'leave': _POOL_URL}),
}


def _add_command_parsers(subparsers):
    for category, (command_class, actions) in CATEGORIES.items():
        category_parser = subparsers.add_parser(
            category, help=command_class.__doc__)
        action_parsers = category_parser.add_subparsers(dest='action')
        action_parsers.required = True
        for action, opts in actions.items():
            method = action.replace('-', '_')
            handler = getattr(command_class, method)
            parser = action_parsers.add_parser(action, help=handler.__doc__)
            for opt in opts:
                parser.add_argument(
                    opt.dest, nargs=None if opt.required else '?',
                    help=opt.help)
            parser.set_defaults(command_class=command_class, action=method)


command_opt = cfg.SubCommandOpt('command',
                                title='Command',
                                help='Available commands',
                                handler=_add_command_parsers)


def main(argv=None):
    CONF.register_cli_opt(command_opt)
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    command = CONF.command
    handler = getattr(command.command_class(), command.action)
    return handler()


if __name__ == '__main__':
    sys.exit(main())
