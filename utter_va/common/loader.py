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

"""Loading of pluggable drivers through stevedore.

Every pluggable part of utter-va (payment, pricing and marketplace drivers)
is a stevedore extension in its own namespace, chosen by name in the
configuration; a name that is not installed is a clear error, not a
traceback.

A driver is built once per process and shared by all its threads, so a
driver reads its options when it is called, never copies them when it is
built, and keeps whatever it holds (an HTTP session) for its whole life.
"""

from stevedore import driver as stevedore_driver
from stevedore import exception as stevedore_exc
from stevedore import extension as stevedore_extension

from utter_va.common import singletons
from utter_va import exception

_DRIVERS = singletons.Singletons()


def _build(namespace, name):
    try:
        manager = stevedore_driver.DriverManager(namespace, name,
                                                 invoke_on_load=True)
    except stevedore_exc.NoMatches:
        raise exception.DriverNotFound(namespace=namespace, name=name)
    except (ImportError, RuntimeError) as exc:
        raise exception.DriverLoadError(namespace=namespace, name=name,
                                        reason=str(exc))
    return manager.driver


def load(namespace, name):
    """Return the driver ``name`` of ``namespace``, one per process."""
    return _DRIVERS.get((namespace, name),
                        lambda: _build(namespace, name))


def names(namespace):
    """The names of the drivers installed in ``namespace``, sorted."""
    return sorted(stevedore_extension.ExtensionManager(namespace).names())


def reset():
    """Forget the drivers built so far (after a fork, and in tests)."""
    _DRIVERS.reset()
