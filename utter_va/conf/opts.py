"""Every option of utter-va, for oslo-config-generator.

This module discovers the option modules of :mod:`utter_va.conf` instead of
listing them, so that an option module added later is found without touching
this file.
"""

import collections
import importlib
import pkgutil

from utter_va import conf as utter_conf

_IGNORED_MODULES = ('opts',)


def _option_modules():
    path = utter_conf.__path__
    for module_info in pkgutil.iter_modules(path):
        if module_info.name in _IGNORED_MODULES:
            continue
        yield importlib.import_module('%s.%s' % (utter_conf.__name__,
                                                 module_info.name))


def list_opts():
    """Return a list of (group, options) pairs for oslo-config-generator."""
    grouped = collections.OrderedDict()
    for module in _option_modules():
        for group, opts in module.list_opts().items():
            key = group if isinstance(group, str) else group.name
            entry = grouped.setdefault(key, [group, []])
            # NOTE: keep the OptGroup object (it carries the group's help)
            # when one module gives it and another only its name.
            if not isinstance(group, str):
                entry[0] = group
            entry[1].extend(opts)
    return [(group, opts) for group, opts in grouped.values()]
