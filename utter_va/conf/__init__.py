"""Configuration options of utter-va.

Every option lives in one module of this package, one module per option
group. Each module offers ``register_opts(conf)`` and ``list_opts()``; they
are all registered here, once, on the global :data:`CONF`. Code elsewhere
does::

    from utter_va import conf
    CONF = conf.CONF
"""

from oslo_config import cfg

from utter_va.conf import api
from utter_va.conf import database
from utter_va.conf import engine
from utter_va.conf import service

CONF = cfg.CONF

for _module in (api, database, engine, service):
    _module.register_opts(CONF)
