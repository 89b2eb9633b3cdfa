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


"""Neutron, through a keystoneauth adapter: the only caller of Neutron.

utter-va makes two kinds of resources there, in its own project: a
security group per order and, in floating mode, a floating IP per order.
Each one's description names the deployment and the order (see
:func:`marker`); it is set in the request that creates the resource, so a
resource left behind by a crash is always found again. Each also gets the
tags ``utter-va-deployment:<id>`` and ``utter-va-order:<id>`` right after
(Neutron takes no tags on creation), for the operator's listings.
"""

import re

from keystoneauth1 import exceptions as ks_exc
from oslo_utils import uuidutils

from utter_va.compute import clients
from utter_va.compute import errors
from utter_va.compute import rules as net_rules
from utter_va import exception
from utter_va.i18n import _

_MARKER = 'utter-va deployment=%s order=%s'
_MARKED = re.compile(r'^utter-va deployment=(\S+) order=(\S+)$')


def marker(deployment_id, order_id):
    """The description of the Neutron resources of one order."""
    return _MARKER % (deployment_id, order_id)


def marked(resource, deployment_id):
    """The order id of a resource of ``deployment_id``, or None."""
    match = _MARKED.match(resource.get('description') or '')
    if match and match.group(1) == deployment_id:
        return match.group(2)
    return None


def tags(deployment_id, order_id):
    """The tags of the Neutron resources of one order."""
    return ['utter-va-deployment:' + deployment_id,
            'utter-va-order:' + order_id]


def _view(resource, *fields):
    view = {'id': resource['id'],
            'description': resource.get('description') or '',
            'tags': list(resource.get('tags') or ())}
    view.update({field: resource.get(field) for field in fields})
    return view


class NeutronClient:
    """The calls utter-va makes to Neutron's v2.0 API."""

    def __init__(self, adapter=None):
        self.adapter = adapter or clients.adapter('neutron')

    def _get(self, path, key, **params):
        return self.adapter.get('/v2.0/' + path, params=params,
                                raise_exc=True).json()[key]

    def _post(self, path, key, body):
        return self.adapter.post('/v2.0/' + path, json={key: body},
                                 raise_exc=True).json()[key]

    def _delete(self, path):
        """Delete; True once it is gone (404 included), False on 409."""
        try:
            self.adapter.delete('/v2.0/' + path, raise_exc=True)
        except ks_exc.NotFound:
            pass
        except ks_exc.Conflict:
            return False
        return True

    @errors.translate('Neutron')
    def network_id(self, name_or_id):
        """The id of the network named or identified so."""
        if uuidutils.is_uuid_like(name_or_id):
            return self._get('networks/' + name_or_id, 'network')['id']
        found = self._get('networks', 'networks', name=name_or_id)
        if len(found) != 1:
            raise exception.CloudResourceNotFound(
                service='Neutron',
                reason=_('%(count)d networks are named %(name)s') % {
                    'count': len(found), 'name': name_or_id})
        return found[0]['id']

    def _list(self, path, key, fields, description=None):
        params = {'description': description} if description else {}
        return [_view(item, *fields)
                for item in self._get(path, key, **params)]

    def _tag(self, path, resource_id, tag_list):
        self.adapter.put('/v2.0/%s/%s/tags' % (path, resource_id),
                         json={'tags': tag_list}, raise_exc=True)

    @errors.translate('Neutron')
    def security_groups(self, description=None):
        """The project's security groups (those so described, if given).

        Each is {'id', 'name', 'description', 'tags'}.
        """
        return self._list('security-groups', 'security_groups', ('name',),
                          description)

    @errors.translate('Neutron')
    def create_security_group(self, name, description, tag_list, ingress,
                              egress):
        """Make a group with exactly these rules; return its view.

        ``ingress`` and ``egress`` are rules of
        :mod:`utter_va.compute.rules`. Neutron's default rules of a new
        group (all egress) are replaced by ``egress``.
        """
        group = self._post('security-groups', 'security_group', {
            'name': name, 'description': description})
        self._tag('security-groups', group['id'], tag_list)
        for rule in group.get('security_group_rules') or ():
            self._delete('security-group-rules/%s' % rule['id'])
        for body in (net_rules.neutron_rules(ingress, 'ingress') +
                     net_rules.neutron_rules(egress, 'egress')):
            self._post('security-group-rules', 'security_group_rule',
                       dict(body, security_group_id=group['id']))
        return _view(group, 'name')

    @errors.translate('Neutron')
    def security_group_rules(self, group_id):
        """The rules of a group, as Neutron shows them."""
        return self._get('security-group-rules', 'security_group_rules',
                         security_group_id=group_id)

    @errors.translate('Neutron')
    def delete_security_group(self, group_id):
        """Delete a group; False while a port still uses it."""
        return self._delete('security-groups/%s' % group_id)

    @errors.translate('Neutron')
    def server_port(self, server_id):
        """The first port of a server: {'id', 'fixed_ips'}, or None."""
        ports = self._get('ports', 'ports', device_id=server_id)
        return _view(ports[0], 'fixed_ips') if ports else None

    @errors.translate('Neutron')
    def floating_ips(self, description=None):
        """The project's floating IPs (those so described, if given).

        Each is {'id', 'floating_ip_address', 'port_id', 'description',
        'tags'}.
        """
        return self._list('floatingips', 'floatingips',
                          ('floating_ip_address', 'port_id'), description)

    @errors.translate('Neutron')
    def create_floating_ip(self, network_id, description, tag_list):
        """Allocate a floating IP of ``network_id``; return its view."""
        address = self._post('floatingips', 'floatingip', {
            'floating_network_id': network_id, 'description': description})
        self._tag('floatingips', address['id'], tag_list)
        return _view(address, 'floating_ip_address', 'port_id')

    @errors.translate('Neutron')
    def attach_floating_ip(self, floating_ip_id, port_id):
        """Associate a floating IP with a port; return its view."""
        return _view(self.adapter.put(
            '/v2.0/floatingips/%s' % floating_ip_id,
            json={'floatingip': {'port_id': port_id}},
            raise_exc=True).json()['floatingip'],
            'floating_ip_address', 'port_id')

    @errors.translate('Neutron')
    def delete_floating_ip(self, floating_ip_id):
        """Release a floating IP; one already gone is fine."""
        self._delete('floatingips/%s' % floating_ip_id)
