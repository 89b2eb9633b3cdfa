"""Gathers names for a while, then hands them over in one call."""

import threading

from oslo_log import log

LOG = log.getLogger(__name__)


class Debouncer:
    """Calls ``action(names)`` ``delay`` seconds after the first mark.

    Marks that arrive meanwhile join the same call, so a boot that sends
    five notifications about one node re-reads that node once.
    """

    def __init__(self, action, delay):
        self.action = action
        self.delay = delay
        self._pending = set()
        self._lock = threading.Lock()
        self._timer = None

    def mark(self, names):
        with self._lock:
            self._pending.update(names)
            if self._timer is None:
                self._timer = threading.Timer(self.delay, self._fire)
                self._timer.daemon = True
                self._timer.start()

    def _fire(self):
        with self._lock:
            names, self._pending = self._pending, set()
            self._timer = None
        try:
            self.action(names)
        except Exception:
            LOG.exception('Refreshing %s failed; the next full sync will '
                          'catch up', ', '.join(sorted(names)))

    def cancel(self):
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._pending = set()
