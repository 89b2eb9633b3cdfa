"""Configuration options of utter-va.

Every option lives in one module of this package, one module per option
group. Each module offers ``register_opts(conf)`` and ``list_opts()``; every
module of the package is found and registered here, once, on the global
:data:`CONF`, so adding an option module needs no change elsewhere. Code
elsewhere does::

    from utter_va import conf
    CONF = conf.CONF
"""

import importlib
import pkgutil

from oslo_config import cfg

CONF = cfg.CONF

_NOT_OPTION_MODULES = ('opts',)


def option_modules():
    """Yield every option module of this package."""
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name not in _NOT_OPTION_MODULES:
            yield importlib.import_module('%s.%s' % (__name__,
                                                     module_info.name))


for _module in option_modules():
    _module.register_opts(CONF)
