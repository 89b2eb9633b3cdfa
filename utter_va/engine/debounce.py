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
