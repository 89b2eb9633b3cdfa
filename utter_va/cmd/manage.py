"""utter-va-manage: the operator's command for the database and more.

Sub-commands are grouped by category (``db upgrade``, ``db version``, ...);
each category is a class whose public methods are its actions.
"""

import sys

from oslo_config import cfg

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import migration

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
                parser.add_argument(
                    opt.dest, nargs=None if opt.required else '?',
                    help=opt.help)
            parser.set_defaults(command_class=command_class, action=action)


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
