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

"""Configuration options of utter-pool.

One module per option group, each with ``register_opts(conf)`` and
``list_opts()``; every module of the package is found and registered here,
once. utter-pool has its own :class:`oslo_config.cfg.ConfigOpts`, not
utter-va's global one, so the two services never share an option::

    from utter_pool import conf
    CONF = conf.CONF
"""

import importlib
import pkgutil

from oslo_config import cfg

CONF = cfg.ConfigOpts()

_NOT_OPTION_MODULES = ('opts',)


def option_modules():
    """Yield every option module of this package."""
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name not in _NOT_OPTION_MODULES:
            yield importlib.import_module('%s.%s' % (__name__,
                                                     module_info.name))


def register_all(conf):
    """Register every option of utter-pool on ``conf``."""
    for module in option_modules():
        module.register_opts(conf)


register_all(CONF)
