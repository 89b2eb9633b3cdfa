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

"""Steps of tools/minicloud that talk to the cloud's APIs.

Runs inside minicloud's virtualenv (openstacksdk):

    setup_cloud.py identity VALUES     projects, users, roles, catalog
    setup_cloud.py resources VALUES    flavors, the tiny image, networks
    setup_cloud.py hypervisors VALUES  print how many hypervisors Nova has

Every step is idempotent.
"""

import json
import sys

import openstack

FLAVORS = (('m1.tiny', 1, 512, 1), ('m1.small', 1, 2048, 20))
IMAGE_NAME = 'cirros'
# A tiny raw disk: the fake virt driver never reads it.
IMAGE_BYTES = b'\0' * 65536

#: The external network (flat, admin's), whose addresses stand for public
#: ones (documentation ranges, RFC 5737 and RFC 3849).
EXTERNAL = ('public', 'public', (('public-v4', 4, '203.0.113.0/24'),
                                 ('public-v6', 6, '2001:db8:113::/64')))
#: The tenant network of the service project, routed to the external one.
TENANT = ('utter-net', (('utter-net-v4', 4, '10.10.0.0/24'),
                        ('utter-net-v6', 6, 'fd00:10::/64')))
ROUTER = 'utter-router'


def connect(v, username='admin', project='admin'):
    return openstack.connect(
        auth_url=v['auth_url'], username=username, password=v['password'],
        project_name=project, user_domain_name='Default',
        project_domain_name='Default', region_name='RegionOne',
        interface='public', identity_api_version='3')


def identity(v):
    conn = connect(v)
    ident = conn.identity
    projects = {}
    for name in ('service', 'demo'):
        projects[name] = (ident.find_project(name) or
                          ident.create_project(name=name,
                                               domain_id='default'))
    roles = {}
    for name in ('admin', 'member', 'reader', 'service'):
        roles[name] = ident.find_role(name) or ident.create_role(name=name)
    grants = [(user, 'service', ('admin', 'service'))
              for user in v['service_users']]
    grants += [('demo-member', 'demo', ('member',)),
               ('demo-reader', 'demo', ('reader',))]
    for username, project, role_names in grants:
        user = ident.find_user(username) or ident.create_user(
            name=username, password=v['password'], domain_id='default')
        for role in role_names:
            ident.assign_project_role_to_user(projects[project], user,
                                              roles[role])
    catalog = (('placement', 'placement', v['placement_url']),
               ('glance', 'image', v['glance_url']),
               ('neutron', 'network', v['neutron_url']),
               ('nova', 'compute', v['nova_url']))
    for name, service_type, url in catalog:
        service = ident.find_service(name) or ident.create_service(
            name=name, type=service_type)
        existing = {e.interface for e in ident.endpoints(
            service_id=service.id)}
        for interface in ('public', 'internal', 'admin'):
            if interface not in existing:
                ident.create_endpoint(service_id=service.id, url=url,
                                      interface=interface,
                                      region_id='RegionOne')


def resources(v):
    conn = connect(v)
    for name, vcpus, ram, disk in FLAVORS:
        if not conn.compute.find_flavor(name, ignore_missing=True):
            conn.compute.create_flavor(name=name, vcpus=vcpus, ram=ram,
                                       disk=disk, is_public=True)
    if not conn.image.find_image(IMAGE_NAME, ignore_missing=True):
        conn.image.create_image(
            IMAGE_NAME, data=IMAGE_BYTES, disk_format='raw',
            container_format='bare', visibility='public', wait=True,
            timeout=120, use_import=False, validate_checksum=False)
    networks(conn)


def _subnets(net, project_id, specs, conn):
    subnets = []
    for name, version, cidr in specs:
        subnet = conn.network.find_subnet(name, network_id=net.id)
        if subnet is None:
            extra = {}
            if version == 6:
                extra = {'ipv6_address_mode': 'slaac',
                         'ipv6_ra_mode': 'slaac'}
            subnet = conn.network.create_subnet(
                name=name, network_id=net.id, ip_version=version,
                cidr=cidr, project_id=project_id, **extra)
        subnets.append(subnet)
    return subnets


def networks(conn):
    """The external network, the tenant network and their router."""
    service = conn.identity.find_project('service')
    admin = conn.identity.find_project('admin')
    name, physnet, specs = EXTERNAL
    external = conn.network.find_network(name) or conn.network.create_network(
        name=name, project_id=admin.id, is_router_external=True,
        provider_network_type='flat', provider_physical_network=physnet)
    _subnets(external, admin.id, specs, conn)
    name, specs = TENANT
    tenant = conn.network.find_network(
        name, project_id=service.id) or conn.network.create_network(
        name=name, project_id=service.id)
    subnets = _subnets(tenant, service.id, specs, conn)
    router = conn.network.find_router(ROUTER, project_id=service.id)
    if router is None:
        router = conn.network.create_router(
            name=ROUTER, project_id=service.id,
            external_gateway_info={'network_id': external.id})
        for subnet in subnets:
            conn.network.add_interface_to_router(router, subnet_id=subnet.id)


def hypervisors(v):
    conn = connect(v)
    print(len(list(conn.compute.hypervisors())))


def main():
    action, values_file = sys.argv[1], sys.argv[2]
    with open(values_file) as f:
        v = json.load(f)
    {'identity': identity, 'resources': resources,
     'hypervisors': hypervisors}[action](v)


if __name__ == '__main__':
    main()
