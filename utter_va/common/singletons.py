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
