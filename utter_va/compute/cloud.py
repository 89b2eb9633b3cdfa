"""The cloud services utter-va acts through, built on first use.

:func:`get` returns the one :class:`Cloud` of the process, which the API's
threads and the engine share; its clients are built once, when first
needed.
"""

from utter_va.common import singletons
from utter_va.compute import glance
from utter_va.compute import nova

_CLOUD = singletons.Singletons()


class Cloud:
    """Nova and Glance clients, each created when first needed."""

    def __init__(self, nova_client=None, glance_client=None):
        self._clients = singletons.Singletons()
        if nova_client is not None:
            self._clients.get('nova', lambda: nova_client)
        if glance_client is not None:
            self._clients.get('glance', lambda: glance_client)

    @property
    def nova(self):
        """The :class:`utter_va.compute.nova.NovaClient`."""
        return self._clients.get('nova', nova.NovaClient)

    @property
    def glance(self):
        """The :class:`utter_va.compute.glance.GlanceClient`."""
        return self._clients.get('glance', glance.GlanceClient)


def get():
    """The Cloud of this process."""
    return _CLOUD.get('cloud', Cloud)


def reset():
    """Forget the process's Cloud (after a fork, and in tests)."""
    _CLOUD.reset()
