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

"""The virt driver of tools/minicloud: Nova's fake driver, made realistic.

Installed by tools/minicloud into the minicloud virtualenv as
``nova/virt/minicloud_fake.py`` (Nova loads virt drivers only from its own
package) and selected with ``compute_driver = minicloud_fake.
MinicloudFakeDriver``.

It differs from ``fake.FakeDriverWithoutFakeNodes`` (which survives a
restart of nova-compute) in two ways: its resources are those of a small
real hypervisor, read from the environment (MINICLOUD_VCPUS,
MINICLOUD_MEMORY_MB, MINICLOUD_DISK_GB), and its CPU counters move with
time and with the number of instances, so that the ``cpu.virt_driver``
compute monitor emits ``metrics.update`` every period instead of once.
"""

import os
import time

from nova.virt import fake


class MinicloudFakeDriver(fake.FakeDriverWithoutFakeNodes):
    """A fake hypervisor with realistic resources and moving CPU times."""

    vcpus = int(os.environ.get('MINICLOUD_VCPUS', '8'))
    memory_mb = int(os.environ.get('MINICLOUD_MEMORY_MB', '16384'))
    local_gb = int(os.environ.get('MINICLOUD_DISK_GB', '200'))

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only=read_only)
        self._started_ns = time.monotonic_ns()
        self._busy_ns = 0
        self._last_ns = self._started_ns

    def get_host_cpu_stats(self):
        now = time.monotonic_ns()
        # Each instance keeps a tenth of one CPU busy; the host is never
        # more than 95% busy.
        share = min(0.95, 0.02 + 0.1 * len(self.instances) / self.vcpus)
        self._busy_ns += int((now - self._last_ns) * share)
        self._last_ns = now
        elapsed = (now - self._started_ns) * self.vcpus
        user = self._busy_ns * self.vcpus
        return {
            'kernel': user // 10,
            'user': user,
            'idle': max(0, elapsed - user - user // 10),
            'iowait': 0,
            'frequency': 2400,
        }
