"""Crash points for the engine's crash-safety tests.

A test starts utter-va-engine with ``UTTER_VA_CRASH_AT=<point>`` in its
environment; when the engine reaches that point it kills itself with
SIGKILL, exactly as a power cut would, and the test checks what a restarted
engine makes of it. Without the variable a point does nothing.
"""

import os
import signal

ENV = 'UTTER_VA_CRASH_AT'


def crash_point(name):
    """Die at once (SIGKILL) if the environment names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
