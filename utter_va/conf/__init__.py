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
