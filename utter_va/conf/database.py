"""Database options ([database] group, defined by oslo.db).

oslo.db owns these options and lists them for the sample itself (the
``oslo.db`` namespace of the generator); utter-va only sets its defaults.
"""

from oslo_db import options as db_options

# NOTE: a relative sqlite file lets the README's first command run with no
# configuration at all; real deployments point this at MariaDB/PostgreSQL.
DEFAULT_CONNECTION = 'sqlite:///utter_va.sqlite'


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    return {}
