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

    @errors.translate('Nova')
    def flavor(self, name_or_id):
        """Return {'id', 'name', 'vcpus', 'ram', 'disk', 'ephemeral'}."""
        try:
            flavor = self.client.flavors.get(name_or_id)
        except Exception:
            matches = [f for f in self.client.flavors.list(is_public=None)
                       if f.name == name_or_id]
            if not matches:
                raise
            flavor = matches[0]
        return {'id': flavor.id, 'name': flavor.name, 'vcpus': flavor.vcpus,
                'ram': flavor.ram, 'disk': flavor.disk,
                'ephemeral': getattr(flavor, 'OS-FLV-EXT-DATA:ephemeral', 0)}
