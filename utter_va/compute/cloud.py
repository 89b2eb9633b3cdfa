"""The cloud services the engine acts through, built on first use."""

import functools

from utter_va.compute import glance
from utter_va.compute import nova


class Cloud:
    """Nova and Glance clients, each created when first needed."""

    def __init__(self, nova_client=None, glance_client=None):
        if nova_client is not None:
            self.nova = nova_client
        if glance_client is not None:
            self.glance = glance_client

    @functools.cached_property
    def nova(self):
        return nova.NovaClient()

    @functools.cached_property
    def glance(self):
        return glance.GlanceClient()
