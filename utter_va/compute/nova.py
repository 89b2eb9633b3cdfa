"""Nova, through python-novaclient: the only user of novaclient."""

from novaclient import client as nova_client

from utter_va.compute import clients
from utter_va.compute import errors

MICROVERSION = '2.79'


class NovaClient:
    """The calls utter-va makes to Nova."""

    def __init__(self, client=None):
        self.client = client or nova_client.Client(
            MICROVERSION, session=clients.session('nova'),
            region_name=clients.CONF.nova.region_name,
            endpoint_type=(clients.CONF.nova.valid_interfaces or
                           ['public'])[0])

    @errors.translate('Nova')
    def compute_services(self):
        """Return [{'host', 'disabled', 'up'}] of every nova-compute."""
        return [{'host': s.host, 'disabled': s.status == 'disabled',
                 'up': s.state == 'up' and not getattr(s, 'forced_down',
                                                       False)}
                for s in self.client.services.list(binary='nova-compute')]
