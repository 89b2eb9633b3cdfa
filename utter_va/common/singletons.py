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

"""Objects built once per process and shared by its threads.

Drivers, keystoneauth sessions and service clients are costly to build and
safe to share, so each is built on first use, once, and then reused by
every request and every thread of the process::

    _DRIVERS = singletons.Singletons()
    driver = _DRIVERS.get(key, build)

``build`` runs at most once per key, under a lock; a ``build`` that raises
leaves nothing behind, so the next caller tries again.
"""

import threading


class Singletons:
    """A thread-safe map of objects, each built once per key."""

    def __init__(self):
        self._lock = threading.Lock()
        self._objects = {}

    def get(self, key, build):
        """Return the object of ``key``, calling ``build()`` the first time."""
        try:
            return self._objects[key]
        except KeyError:
            pass
        with self._lock:
            # NOTE: checked again under the lock: another thread may have
            # built it while this one waited.
            if key not in self._objects:
                self._objects[key] = build()
            return self._objects[key]

    def reset(self):
        """Forget every object (after a fork, and in tests)."""
        with self._lock:
            self._objects.clear()
