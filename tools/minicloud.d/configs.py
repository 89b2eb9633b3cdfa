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

"""The configuration files of minicloud's services, as text.

Kept apart from minicloud.py so that what each service is told can be read
in one place. Every service talks to MariaDB on 127.0.0.1 (one database per
service, prefixed with the cloud's name, ``minicloud_`` by default) and to
RabbitMQ on a vhost of the cloud's own (named like the cloud).
"""

import json
import os
import textwrap

SERVICE_USERS = ('nova', 'placement', 'glance', 'neutron', 'utter')
#: The physical network of the external network (flat, nothing behind).
PHYSNET = 'public'


def values(state, ports, password, vhost):
    """Everything the files below need, also saved as etc/values.json."""
    keystone = 'http://127.0.0.1:%d' % ports['keystone']
    result = {
        'name': vhost,
        'state': state,
        'password': password,
        'keystone_url': keystone,
        'auth_url': keystone + '/v3',
        'placement_url': 'http://127.0.0.1:%d' % ports['placement'],
        'glance_url': 'http://127.0.0.1:%d' % ports['glance'],
        'neutron_url': 'http://127.0.0.1:%d' % ports['neutron'],
        'nova_url': 'http://127.0.0.1:%d/v2.1' % ports['nova'],
        'transport_url': 'rabbit://guest:guest@127.0.0.1:5672/%s' % vhost,
        'service_users': list(SERVICE_USERS),
    }
    os.makedirs(os.path.join(state, 'etc'), exist_ok=True)
    with open(os.path.join(state, 'etc', 'values.json'), 'w') as f:
        json.dump(result, f, indent=2)
    return result


def db(v, name):
    """The URL of one of the cloud's databases, ``<cloud name>_<name>``."""
    return 'mysql+pymysql://root@127.0.0.1/%s_%s?charset=utf8mb4' % (
        v['name'], name)


def _ini(text):
    return textwrap.dedent(text).lstrip()


def keystoneauth(v, username, project='service'):
    """keystoneauth options of a service user, for an ini section."""
    return _ini('''
        auth_type = password
        auth_url = %(auth_url)s
        username = %(username)s
        password = %(password)s
        project_name = %(project)s
        user_domain_name = Default
        project_domain_name = Default
        region_name = RegionOne
        ''' % dict(v, username=username, project=project))


def authtoken(v, username):
    return '[keystone_authtoken]\nwww_authenticate_uri = %s\n%s' % (
        v['keystone_url'], keystoneauth(v, username)) + (
        'service_token_roles_required = true\n')


def service_files(v, venv):
    """Return {relative path under etc/: text} for every service."""
    state = v['state']
    files = {}
    files['keystone/keystone.conf'] = _ini('''
        [database]
        connection = %(db)s
        [token]
        provider = fernet
        [fernet_tokens]
        key_repository = %(state)s/keystone/fernet-keys
        [fernet_receipts]
        key_repository = %(state)s/keystone/fernet-keys
        [credential]
        key_repository = %(state)s/keystone/credential-keys
        [cache]
        # NOTE: without a cache every request took 250-450 ms here; with
        # the in-process one, 16 ms.
        enabled = true
        backend = dogpile.cache.memory
        [identity]
        # NOTE: the fewest bcrypt rounds: every password here is a test's.
        password_hash_rounds = 4
        ''' % dict(v, db=db(v, 'keystone')))
    files['placement/placement.conf'] = _ini('''
        [api]
        auth_strategy = keystone
        [placement_database]
        connection = %(db)s
        ''' % dict(v, db=db(v, 'placement'))) + authtoken(v, 'placement')
    for paste in ('glance/glance-api-paste.ini', 'nova/api-paste.ini'):
        with open(os.path.join(venv, 'etc', paste)) as f:
            files[paste] = f.read()
    files['glance/glance-api.conf'] = _ini('''
        [DEFAULT]
        enabled_backends = fs:file
        # NOTE: web-download imports of buyers' images are capped at
        # 64 MiB here (Glance's own cap, applied while it downloads).
        image_size_cap = 67108864
        [import_filtering_opts]
        # NOTE: a test cloud's settings: the tests serve images over plain
        # HTTP from 127.0.0.1 on a port of their own. A production Glance
        # allows https alone, from the hosts utter-va's [images]
        # allowed_hosts names (doc/source/admin/networking.rst).
        allowed_schemes = [http]
        allowed_hosts = [127.0.0.1]
        allowed_ports = []
        [database]
        connection = %(db)s
        [glance_store]
        default_backend = fs
        [fs]
        filesystem_store_datadir = %(state)s/glance/images
        [os_glance_staging_store]
        filesystem_store_datadir = %(state)s/glance/staging
        [os_glance_tasks_store]
        filesystem_store_datadir = %(state)s/glance/tasks
        [paste_deploy]
        flavor = keystone
        config_file = %(state)s/etc/glance/glance-api-paste.ini
        [oslo_concurrency]
        lock_path = %(state)s/glance/lock
        ''' % dict(v, db=db(v, 'glance'))) + authtoken(v, 'glance')
    files['neutron/neutron.conf'] = _ini('''
        [DEFAULT]
        core_plugin = ml2
        # NOTE: the L3 plugin alone, with no L3 agent: routers, gateways
        # and floating IPs are API and database objects here.
        service_plugins = router
        auth_strategy = keystone
        transport_url = %(transport_url)s
        notify_nova_on_port_status_changes = false
        notify_nova_on_port_data_changes = false
        api_paste_config = %(venv)s/etc/neutron/api-paste.ini
        [database]
        connection = %(db)s
        [oslo_concurrency]
        lock_path = %(state)s/neutron/lock
        [quotas]
        # NOTE: utter-va makes a security group (and a floating IP) per
        # order in the service project; the defaults (10 groups, 50
        # addresses) would cap the functional tests.
        quota_network = -1
        quota_subnet = -1
        quota_port = -1
        quota_router = -1
        quota_floatingip = -1
        quota_security_group = -1
        quota_security_group_rule = -1
        ''' % dict(v, db=db(v, 'neutron'), venv=venv))
    files['neutron/neutron.conf'] += authtoken(v, 'neutron')
    files['neutron/ml2_conf.ini'] = _ini('''
        [ml2]
        type_drivers = local,flat
        tenant_network_types = local
        # NOTE: minicloud_ml2.py: binds ports with no agent.
        mechanism_drivers = minicloud
        extension_drivers = port_security
        [ml2_type_flat]
        flat_networks = %s
        ''' % PHYSNET)
    files['nova/nova.conf'] = _ini('''
        [DEFAULT]
        transport_url = %(transport_url)s
        compute_driver = minicloud_fake.MinicloudFakeDriver
        state_path = %(state)s/nova
        my_ip = 127.0.0.1
        vif_plugging_is_fatal = false
        vif_plugging_timeout = 0
        compute_monitors = cpu.virt_driver
        update_resources_interval = 10
        # NOTE: `down` waits 10 s after TERM before it KILLs.
        graceful_shutdown_timeout = 5
        cpu_allocation_ratio = 4.0
        ram_allocation_ratio = 1.0
        disk_allocation_ratio = 1.0
        [api]
        auth_strategy = keystone
        [api_database]
        connection = %(api_db)s
        [database]
        connection = %(db)s
        [wsgi]
        api_paste_config = %(state)s/etc/nova/api-paste.ini
        [notifications]
        notification_format = both
        notify_on_state_change = vm_and_task_state
        [oslo_messaging_notifications]
        driver = messagingv2
        [scheduler]
        discover_hosts_in_cells_interval = -1
        workers = 1
        [conductor]
        workers = 1
        [oslo_concurrency]
        lock_path = %(state)s/nova/lock
        [vnc]
        enabled = false
        [glance]
        region_name = RegionOne
        valid_interfaces = public
        ''' % dict(v, db=db(v, 'nova'), api_db=db(v, 'nova_api'), venv=venv))
    files['nova/nova.conf'] += authtoken(v, 'nova')
    for section in ('placement', 'neutron'):
        files['nova/nova.conf'] += '[%s]\n%svalid_interfaces = public\n' % (
            section, keystoneauth(v, 'nova'))
    for host in ('compute1', 'compute2'):
        files['nova/%s.conf' % host] = _ini('''
            [DEFAULT]
            host = %(host)s
            state_path = %(state)s/nova/%(host)s
            instances_path = %(state)s/nova/%(host)s/instances
            ''' % dict(state=state, host=host))
    return files


def compute_env(host):
    """Environment of a nova-compute: the fake hypervisor's size."""
    return {'MINICLOUD_VCPUS': '8', 'MINICLOUD_MEMORY_MB': '16384',
            'MINICLOUD_DISK_GB': '200'}


# NOTE: neutron-server's port listing refers to Port.port_forwardings, a
# relationship that only exists once the port forwarding model is imported;
# without a service plugin that imports it, every port GET answers 500.
STARTUP_IMPORTS = {'neutron': ('neutron.db.models.port_forwarding',)}


def gunicorn(name, port, log_dir):
    """A gunicorn configuration file (Python) for one API."""
    imports = ''
    if name in STARTUP_IMPORTS:
        imports = '\n\ndef post_worker_init(worker):\n' + ''.join(
            '    import %s  # noqa\n' % module
            for module in STARTUP_IMPORTS[name]) + (
            '    from sqlalchemy import orm\n'
            '    orm.configure_mappers()\n')
    return textwrap.dedent('''
        # gunicorn settings of minicloud's %(name)s.
        bind = '127.0.0.1:%(port)d'
        workers = 1
        worker_class = 'gthread'
        threads = 4
        # NOTE: the default keepalive of 2 s gave random connection resets.
        keepalive = 30
        timeout = 300
        control_socket_disable = True
        # NOTE: Nova lists the ports of up to a page of servers in one GET
        # to Neutron; past ~60 servers that request line exceeds gunicorn's
        # default limit of 4094 bytes (0: no limit, as behind Apache).
        limit_request_line = 0
        proc_name = 'minicloud-%(name)s'
        errorlog = '-'


        def post_fork(server, worker):
            # NOTE: the services parse sys.argv with oslo.config and exit
            # on gunicorn's own arguments.
            import sys
            sys.argv = [sys.argv[0]]
        ''' % {'name': name, 'port': port}).lstrip() + imports


def clouds_yaml(v):
    clouds = {}
    for cloud, user, project in (('admin', 'admin', 'admin'),
                                 ('utter', 'utter', 'service'),
                                 ('member', 'demo-member', 'demo'),
                                 ('reader', 'demo-reader', 'demo')):
        clouds['minicloud-' + cloud] = {
            'auth': {'auth_url': v['auth_url'], 'username': user,
                     'password': v['password'], 'project_name': project,
                     'user_domain_name': 'Default',
                     'project_domain_name': 'Default'},
            'region_name': 'RegionOne',
            'interface': 'public',
            'identity_api_version': 3,
        }
    # NOTE: JSON is valid YAML, and needs no YAML library here.
    return json.dumps({'clouds': clouds}, indent=2) + '\n'


def openrc(v):
    return _ini('''
        # Admin credentials of minicloud: source this file.
        export OS_AUTH_URL=%(auth_url)s
        export OS_USERNAME=admin
        export OS_PASSWORD=%(password)s
        export OS_PROJECT_NAME=admin
        export OS_USER_DOMAIN_NAME=Default
        export OS_PROJECT_DOMAIN_NAME=Default
        export OS_REGION_NAME=RegionOne
        export OS_IDENTITY_API_VERSION=3
        export OS_INTERFACE=public
        ''' % v)


def utter_conf(v):
    """The utter-va configuration that matches this cloud."""
    text = _ini('''
        # utter-va configuration for minicloud, written by tools/minicloud.
        [DEFAULT]
        transport_url = %(transport_url)s
        ''' % v)
    text += authtoken(v, 'utter')
    for section in ('nova', 'placement', 'glance', 'neutron'):
        text += '[%s]\n%svalid_interfaces = public\n' % (
            section, keystoneauth(v, 'utter'))
    return text
