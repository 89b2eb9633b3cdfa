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

"""Crash points for the engine's crash-safety tests.

A test starts utter-va-engine with ``UTTER_VA_CRASH_AT=<point>`` and
``UTTER_VA_CRASH_MARKER=<path>`` in its environment. The first engine
process that reaches the point creates the marker file and kills itself
with SIGKILL, exactly as a power cut would; the test then checks what a
restarted engine makes of it. A point does nothing without the variables,
or once the marker exists (the engine's supervisor restarts the worker with
the same environment).
"""

import os
import signal

ENV = 'UTTER_VA_CRASH_AT'
MARKER_ENV = 'UTTER_VA_CRASH_MARKER'


def crash_point(name):
    """Die at once (SIGKILL) the first time the environment names this."""
    if os.environ.get(ENV) != name:
        return
    try:
        os.close(os.open(os.environ[MARKER_ENV],
                         os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except (KeyError, FileExistsError):
        return
    os.kill(os.getpid(), signal.SIGKILL)
