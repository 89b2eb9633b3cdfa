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

"""Nova, through python-novaclient: the only user of novaclient."""

import contextlib

from novaclient import client as nova_client
from novaclient import exceptions as nova_exc

from utter_va.compute import clients
from utter_va.compute import errors
from utter_va import exception

MICROVERSION = '2.79'

#: Metadata keys of the servers utter-va sells.
ORDER_KEY = 'utter_va_order_id'
DEPLOYMENT_KEY = 'utter_va_deployment'
TOPUP_KEY = 'utter_va_topup_url'


def _server_view(server):
    """The fields of a novaclient Server that utter-va keeps."""
    return {'id': server.id, 'name': server.name, 'status': server.status,
            'metadata': dict(getattr(server, 'metadata', {}) or {}),
            'addresses': dict(getattr(server, 'addresses', {}) or {}),
            'fault': (getattr(server, 'fault', None) or {}).get('message')}


@contextlib.contextmanager
def _refusals():
    """Nova's 400 and 409 as CloudRequestRefused: the server is unchanged."""
    try:
        yield
    except (nova_exc.BadRequest, nova_exc.Conflict) as exc:
        raise exception.CloudRequestRefused(service='Nova', reason=str(exc))


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

    @errors.translate('Nova')
    def boot(self, name, image_id, flavor_id, metadata, user_data=None,
             networks='auto', security_groups=None):
        """Ask Nova for a server; return its view (status BUILD).

        ``networks`` is 'auto', 'none' or a list of network UUIDs;
        ``security_groups`` the ids of its groups (None: Nova's default).
        """
        nics = networks if isinstance(networks, str) else [
            {'net-id': net} for net in networks]
        server = self.client.servers.create(
            name, image_id, flavor_id, meta=metadata, userdata=user_data,
            nics=nics, security_groups=security_groups)
        return _server_view(server)

    @errors.translate('Nova')
    def find_server(self, name, order_id):
        """Return the server ``name`` carrying ``order_id``, or None.

        Deleted servers are not returned; of several matches (never
        expected) the oldest is.
        """
        matches = [s for s in self.client.servers.list(
            search_opts={'name': '^%s$' % name},
            sort_keys=['created_at'], sort_dirs=['asc'])
            if (s.metadata or {}).get(ORDER_KEY) == order_id]
        return _server_view(matches[0]) if matches else None

    @errors.translate('Nova')
    def server(self, server_id):
        """Return a server's view, or None when Nova has no such server."""
        try:
            return _server_view(self.client.servers.get(server_id))
        except nova_exc.NotFound:
            return None

    @errors.translate('Nova')
    def order_servers(self, name_prefix, deployment_id):
        """Return the views of every server of a deployment's orders."""
        servers = self.client.servers.list(
            search_opts={'name': '^%s' % name_prefix}, limit=-1)
        return [_server_view(s) for s in servers
                if (s.metadata or {}).get(DEPLOYMENT_KEY) == deployment_id]

    @errors.translate('Nova')
    def suspend(self, server_id):
        """Suspend a server; a server already suspended is fine."""
        self._action(server_id, 'suspend')

    @errors.translate('Nova')
    def resume(self, server_id):
        """Resume a suspended server; an active one is fine."""
        self._action(server_id, 'resume')

    @errors.translate('Nova')
    def reboot(self, server_id, hard=False):
        """Reboot a server (SOFT, or HARD with ``hard``).

        Raises CloudRequestRefused when Nova refuses it (the server is
        busy with another task).
        """
        with _refusals():
            self.client.servers.reboot(server_id,
                                       reboot_type='HARD' if hard else 'SOFT')

    @errors.translate('Nova')
    def rebuild(self, server_id, image_id, user_data=None):
        """Rebuild a server from ``image_id``, with new ``user_data``.

        The server keeps its id, name, metadata and addresses; its disk is
        made afresh and cloud-init runs again with ``user_data`` (None:
        Nova removes the server's user data). Raises CloudRequestRefused
        when Nova refuses it (the server is busy with another task, or
        the image does not fit the flavor).
        """
        with _refusals():
            # NOTE: user data on rebuild needs microversion 2.57 or later.
            self.client.servers.rebuild(server_id, image_id,
                                        userdata=user_data)

    @errors.translate('Nova')
    def delete(self, server_id):
        """Delete a server; one already gone is fine."""
        try:
            self.client.servers.delete(server_id)
        except nova_exc.NotFound:
            pass

    def _action(self, server_id, action):
        try:
            getattr(self.client.servers, action)(server_id)
        except nova_exc.Conflict:
            # NOTE: the server is already in (or moving to) that state;
            # the engine follows its state from notifications and retries
            # when it does not get there.
            pass

    @errors.translate('Nova')
    def console_output(self, server_id, length=100):
        """Return the last ``length`` lines of a server's console log."""
        return self.client.servers.get_console_output(server_id,
                                                      length=length)
