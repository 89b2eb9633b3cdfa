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

"""utter-pool-manage: the pool operator's command.

``db sync`` / ``db version`` for the schema; ``cloud list`` and ``cloud
approve|refuse|suspend <cloud id>`` for the clouds that joined;
``reliability refresh`` computes every cloud's figures again;
``federation follow [--once]`` reads the followed pools' feeds and
``federation status`` shows how far.
"""

import sys

from oslo_config import cfg
from oslo_utils import timeutils
import prettytable

from utter_pool.common import config
from utter_pool import conf
from utter_pool.db import api as db_api
from utter_pool.db import clouds as db_clouds
from utter_pool.db import federation as db_federation
from utter_pool.db import migration
from utter_pool.db import reliability as db_reliability
from utter_pool import exception
from utter_pool import federation

CONF = conf.CONF


class DbCommands:
    """Manage the schema of the pool's database."""

    def sync(self):
        """Upgrade the schema to a revision (the newest by default)."""
        migration.upgrade(CONF.command.revision or 'head')
        print('Database schema at %s' % migration.version())

    def version(self):
        """Print the revision the database is at."""
        print(migration.version() or 'base')


class CloudCommands:
    """The clouds that joined, and the operator's decisions on them."""

    def list(self):
        """Print every cloud with its status."""
        table = prettytable.PrettyTable(
            ['ID', 'Name', 'Region', 'Country', 'Status', 'Joined'])
        for cloud in db_clouds.get_all(status=CONF.command.status):
            table.add_row([cloud['id'], cloud['name'], cloud['region'],
                           cloud['country'], cloud['status'],
                           cloud['created_at']])
        print(table)

    def _decide(self, status):
        cloud = db_clouds.set_status(CONF.command.cloud, status,
                                     timeutils.utcnow())
        print('Cloud %s (%s) is %s' % (cloud['id'], cloud['name'],
                                       cloud['status']))

    def approve(self):
        """List a cloud's offers from now on."""
        self._decide(db_clouds.APPROVED)

    def refuse(self):
        """Refuse a cloud that asked to join."""
        self._decide(db_clouds.REFUSED)

    def suspend(self):
        """Stop listing a cloud and taking its documents."""
        self._decide(db_clouds.SUSPENDED)


class ReliabilityCommands:
    """The clouds' reliability figures."""

    def refresh(self):
        """Compute every approved cloud's figures again."""
        count = db_reliability.refresh(timeutils.utcnow(),
                                       CONF.pool.reliability_window)
        print('Reliability computed for %d clouds' % count)


class FederationCommands:
    """The other pools this pool follows."""

    def follow(self):
        """Read the followed pools' feeds, every poll_interval seconds."""
        follower = federation.Follower(CONF)
        if not federation.followed(CONF):
            print('[federation] follow names no pool', file=sys.stderr)
            return 1
        if not CONF.command.once:
            follower.run()
            return 0
        failed = False
        for summary in follower.poll_all():
            print('%(url)s: %(since)d -> %(last_seq)d, %(accepted)d '
                  'accepted, %(refused)d refused' % summary)
            if summary['error']:
                print('%s: %s' % (summary['url'], summary['error']),
                      file=sys.stderr)
                failed = True
        return 1 if failed else 0

    def status(self):
        """Print how far each followed pool's feed was read."""
        table = prettytable.PrettyTable(
            ['Pool', 'Last seq', 'Accepted', 'Refused', 'Polled',
             'Last error'])
        for cursor in db_federation.get_all():
            table.add_row([cursor['url'], cursor['last_seq'],
                           cursor['accepted'], cursor['refused'],
                           cursor['polled_at'], cursor['last_error'] or ''])
        print(table)


_CLOUD = [cfg.StrOpt('cloud', positional=True, help='The cloud id.')]

CATEGORIES = {
    'db': (DbCommands, {
        'sync': [cfg.StrOpt('revision', positional=True, required=False,
                            help='Revision to upgrade to (default: '
                                 'head).')],
        'version': [],
    }),
    'cloud': (CloudCommands, {
        'list': [cfg.StrOpt('status', positional=True, required=False,
                            help='Only the clouds of this status.')],
        'approve': _CLOUD, 'refuse': _CLOUD, 'suspend': _CLOUD,
    }),
    'reliability': (ReliabilityCommands, {'refresh': []}),
    'federation': (FederationCommands, {
        'follow': [cfg.BoolOpt('once', help='Poll every followed pool '
                                            'once, then exit.')],
        'status': [],
    }),
}


def _add_command_parsers(subparsers):
    for category, (command_class, actions) in CATEGORIES.items():
        category_parser = subparsers.add_parser(
            category, help=command_class.__doc__)
        action_parsers = category_parser.add_subparsers(dest='action')
        action_parsers.required = True
        for action, opts in actions.items():
            handler = getattr(command_class, action)
            parser = action_parsers.add_parser(action, help=handler.__doc__)
            for opt in opts:
                if isinstance(opt, cfg.BoolOpt):
                    parser.add_argument('--' + opt.dest,
                                        action='store_true', help=opt.help)
                    continue
                parser.add_argument(
                    opt.dest, nargs=None if opt.required else '?',
                    help=opt.help)
            parser.set_defaults(command_class=command_class, action=action)


command_opt = cfg.SubCommandOpt('command', title='Command',
                                help='Available commands',
                                handler=_add_command_parsers)


def main(argv=None):
    CONF.register_cli_opt(command_opt)
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    command = CONF.command
    handler = getattr(command.command_class(), command.action)
    try:
        return handler()
    except exception.PoolException as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
