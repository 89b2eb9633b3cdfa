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

"""An in-memory Nova, Glance and Neutron for the lifecycle's unit tests.

It keeps the contract of :class:`utter_va.compute.nova.NovaClient` (views
as dicts, None for a missing server, conflicts ignored) and counts every
call, so a test can say "booted once". The functional tests use the real
cloud.
"""

import collections
import hashlib

from oslo_utils import uuidutils

from utter_va import exception


class FakeNova:
    """Servers in a dict; statuses change only when a test says so."""

    def __init__(self):
        self.servers = {}
        self.calls = collections.Counter()
        self.unavailable = False
        self.boots = []
        self.rebuilds = []

    def _call(self, name):
        self.calls[name] += 1
        if self.unavailable:
            raise exception.CloudUnavailable(service='Nova', reason='down')

    def boot(self, name, image_id, flavor_id, metadata, user_data=None,
             networks='auto', security_groups=None):
        self._call('boot')
        server = {'id': uuidutils.generate_uuid(), 'name': name,
                  'status': 'BUILD', 'metadata': dict(metadata),
                  'addresses': {}, 'fault': None}
        self.servers[server['id']] = server
        self.boots.append(dict(server, image_id=image_id,
                               flavor_id=flavor_id, user_data=user_data,
                               networks=networks,
                               security_groups=security_groups))
        return dict(server)

    def find_server(self, name, order_id):
        self._call('find_server')
        for server in self.servers.values():
            if (server['name'] == name and
                    server['metadata'].get('utter_va_order_id') == order_id):
                return dict(server)
        return None

    def server(self, server_id):
        self._call('server')
        server = self.servers.get(server_id)
        return dict(server) if server else None

    def order_servers(self, prefix, deployment_id):
        self._call('order_servers')
        return [dict(s) for s in self.servers.values()
                if s['name'].startswith(prefix) and
                s['metadata'].get('utter_va_deployment') == deployment_id]

    def suspend(self, server_id):
        self._call('suspend')

    def resume(self, server_id):
        self._call('resume')

    def reboot(self, server_id, hard=False):
        self._call('hard_reboot' if hard else 'reboot')
        self.servers[server_id]['status'] = (
            'HARD_REBOOT' if hard else 'REBOOT')

    def rebuild(self, server_id, image_id, user_data=None):
        self._call('rebuild')
        self.rebuilds.append({'id': server_id, 'image_id': image_id,
                              'user_data': user_data})
        self.servers[server_id]['status'] = 'REBUILD'

    def delete(self, server_id):
        self._call('delete')
        self.servers.pop(server_id, None)

    def set_status(self, server_id, status, addresses=None):
        """What Nova would do in its own time."""
        self.servers[server_id]['status'] = status
        if addresses:
            self.servers[server_id]['addresses'] = addresses


class FakeGlance:
    """Every image name resolves to a stable id; imports, in memory.

    An import of a URL in ``sources`` (URL -> bytes) makes its image
    active with Glance's hash (``hash_algo``) once :meth:`finish` is
    called (at once with ``instant``); any other URL fails as Glance's
    does (queued, ``os_glance_failed_import``). A URL in ``refused`` is
    refused as Glance's import filtering refuses it.
    """

    def __init__(self):
        self.images = {}
        self.sources = {}
        self.refused = set()
        self.hash_algo = 'sha512'
        self.instant = True
        self.importing = {}

    def image_id(self, name_or_id, public_only=False):
        if name_or_id in self.images:
            return name_or_id
        return 'image-' + name_or_id

    def image(self, image_id):
        image = self.images.get(image_id)
        return dict(image, tags=list(image['tags'])) if image else None

    def images_tagged(self, tags):
        return [self.image(i) for i, image in self.images.items()
                if set(tags) <= set(image['tags'])]

    def create_private_image(self, name, disk_format, tags):
        image_id = uuidutils.generate_uuid()
        self.images[image_id] = {
            'id': image_id, 'name': name, 'status': 'queued', 'size': None,
            'disk_format': disk_format, 'os_hash_algo': None,
            'os_hash_value': None, 'os_glance_failed_import': '',
            'tags': list(tags), 'updated_at': '2026-12-01T00:00:%02d' %
            len(self.images)}
        return self.image(image_id)

    def import_from_url(self, image_id, url):
        if url in self.refused:
            raise exception.CloudRequestRefused(
                service='Glance', reason='URI for web-download does not '
                'pass filtering: %s' % url)
        self.images[image_id]['status'] = 'importing'
        self.importing[image_id] = url
        if self.instant:
            self.finish(image_id)

    def finish(self, image_id):
        image = self.images[image_id]
        data = self.sources.get(self.importing.pop(image_id))
        if data is None:
            image.update(status='queued', os_glance_failed_import='fs')
            return
        image.update(status='active', size=len(data),
                     os_hash_algo=self.hash_algo,
                     os_hash_value=hashlib.new(self.hash_algo,
                                               data).hexdigest())
        image['data'] = data

    def import_failure(self, image_id):
        if self.images[image_id]['os_glance_failed_import']:
            return 'Task failed due to Internal Error'
        return None

    def tag(self, image_id, tag, add=True):
        image = self.images.get(image_id)
        if image is None:
            return
        if add and tag not in image['tags']:
            image['tags'].append(tag)
        elif not add and tag in image['tags']:
            image['tags'].remove(tag)

    def delete_image(self, image_id):
        self.images.pop(image_id, None)

    def digest(self, image_id, algorithm, limit):
        data = self.images[image_id]['data']
        if len(data) > limit:
            raise exception.CloudRequestRefused(service='Glance',
                                                reason='too large')
        return hashlib.new(algorithm, data).hexdigest()


class FakeNeutron:
    """Security groups, ports and floating IPs, in memory.

    Each server has one port (``ports``: server id -> port id) once
    ``port_of`` is set for it; ``no_ports`` makes servers portless.
    """

    def __init__(self):
        self.groups = {}
        self.rules = {}
        self.floating = {}
        self.ports = {}
        self.no_ports = False
        self.in_use = set()
        self.unavailable = False
        self.calls = collections.Counter()

    def _call(self, name):
        self.calls[name] += 1
        if self.unavailable:
            raise exception.CloudUnavailable(service='Neutron',
                                             reason='down')

    def network_id(self, name_or_id):
        self._call('network_id')
        return 'net-' + name_or_id

    def security_groups(self, description=None):
        self._call('security_groups')
        return [dict(g) for g in self.groups.values()
                if description is None or g['description'] == description]

    def create_security_group(self, name, description, tag_list, ingress,
                              egress):
        self._call('create_security_group')
        group = {'id': uuidutils.generate_uuid(), 'name': name,
                 'description': description, 'tags': list(tag_list)}
        self.groups[group['id']] = group
        self.rules[group['id']] = (list(ingress), list(egress))
        return dict(group)

    def delete_security_group(self, group_id):
        self._call('delete_security_group')
        if group_id in self.in_use:
            return False
        self.groups.pop(group_id, None)
        return True

    def server_port(self, server_id):
        self._call('server_port')
        if self.no_ports:
            return None
        port = self.ports.setdefault(server_id, 'port-' + server_id)
        return {'id': port, 'fixed_ips': [], 'tags': [], 'description': ''}

    def floating_ips(self, description=None):
        self._call('floating_ips')
        return [dict(f) for f in self.floating.values()
                if description is None or f['description'] == description]

    def create_floating_ip(self, network_id, description, tag_list):
        self._call('create_floating_ip')
        address = {'id': uuidutils.generate_uuid(), 'port_id': None,
                   'floating_ip_address': '203.0.113.%d' % (
                       len(self.floating) + 10),
                   'description': description, 'tags': list(tag_list)}
        self.floating[address['id']] = address
        return dict(address)

    def attach_floating_ip(self, floating_ip_id, port_id):
        self._call('attach_floating_ip')
        self.floating[floating_ip_id]['port_id'] = port_id
        return dict(self.floating[floating_ip_id])

    def delete_floating_ip(self, floating_ip_id):
        self._call('delete_floating_ip')
        self.floating.pop(floating_ip_id, None)


class FakeCloud:
    """The ``cloud`` argument of the lifecycle: .nova, .glance, .neutron."""

    def __init__(self):
        self.nova = FakeNova()
        self.glance = FakeGlance()
        self.neutron = FakeNeutron()
