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

"""The devstack plugin, run against the project's real OpenStack.

devstack itself is not installed: ``devstack_shim.sh`` defines the devstack
functions the plugin calls, with real implementations (the openstack CLI
against minicloud's Keystone, the real MariaDB, detached processes). The
test sources the real ``devstack/settings`` and ``devstack/plugin.sh`` the
way stack.sh, unstack.sh and clean.sh do, with names of its own (service
user, service, database, configuration directory, a copy of nova.conf,
a glance-api.conf),
and checks what each phase did to the real services. Whatever a phase
leaves behind is removed in cleanup, by pid, by name and by id.
"""

import configparser
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import fixtures
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from utter_va.db import migration
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import minicloud

TOP = minicloud.TOP
SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'devstack_shim.sh')
BIN_DIR = ft_fixtures.BIN_DIR
# glance-api.conf as devstack's Glance could leave it.
GLANCE_API_CONF = """[DEFAULT]
debug = True
enabled_import_methods = [glance-direct,copy-image]
"""


def alive(pid):
    """True while the process runs (a zombie does not)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return False


def read_ini(path):
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str
    parser.read(path)
    return parser


class DevstackSettingsTestCase(testtools.TestCase):
    """devstack/settings alone: its defaults and the services it enables."""

    def test_settings_defaults(self):
        result = subprocess.run(
            ['bash', '-c', 'source %s; source %s; echo "$UTTER_VA_SERVICE_TYPE'
             ' $UTTER_VA_API_URL $ENABLED_SERVICES'
             ' [$UTTER_VA_IMAGE_HOSTS] $UTTER_VA_IMAGE_MAX_SIZE_MB"' % (
                 shlex.quote(SHIM), shlex.quote(
                     os.path.join(TOP, 'devstack', 'settings')))],
            env={'PATH': os.environ['PATH'], 'SERVICE_HOST': '192.0.2.1',
                 'SERVICE_PROTOCOL': 'https', 'ENABLED_SERVICES': 'key'},
            capture_output=True, text=True, check=True)
        self.assertEqual(
            'marketplace https://192.0.2.1:9870 '
            'key,utter-va-api,utter-va-engine [] 10240',
            result.stdout.strip())


class DevstackPluginTestCase(testtools.TestCase):
    """stack install, post-config, extra, then unstack and clean."""

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(minicloud.MinicloudFixture())
        self.keystone = self.cloud.session('minicloud-admin')
        self.tmp = self.useFixture(fixtures.TempDir()).path
        suffix = uuidutils.generate_uuid(dashed=False)[:10]
        self.user = 'utter-va-ft-%s' % suffix
        self.service = 'utter-va-ft-%s' % suffix
        # NOTE: a type of its own, so that another test reading the
        # catalog never finds this short-lived endpoint as "marketplace".
        self.service_type = 'marketplace-ft-%s' % suffix
        self.db_name = 'utter_va_dsft_%s' % suffix
        self.port = ft_fixtures.free_port()
        self.api_url = 'http://127.0.0.1:%d' % self.port
        self.conf_dir = os.path.join(self.tmp, 'etc', 'utter-va')
        self.conf = os.path.join(self.conf_dir, 'utter-va.conf')
        self.run_dir = os.path.join(self.tmp, 'run')
        self.nova_conf = self._devstack_nova_conf()
        self.glance_conf = os.path.join(self.tmp, 'glance-api.conf')
        with open(self.glance_conf, 'w') as f:
            f.write(GLANCE_API_CONF)

        env = {key: value for key, value in os.environ.items()
               if not key.startswith('OS_')}
        env.update({
            'PATH': BIN_DIR + os.pathsep + os.environ.get('PATH', ''),
            'PYTHON': sys.executable,
            'OS_CLIENT_CONFIG_FILE': self.cloud.clouds_yaml,
            'SHIM_ADMIN_CLOUD': 'minicloud-admin',
            'SHIM_RUN_DIR': self.run_dir,
            'SHIM_TRANSPORT_URL': self.cloud.transport_url,
            'DEST': os.path.join(self.tmp, 'opt'),
            'DATA_DIR': os.path.join(self.tmp, 'data'),
            'STACK_USER': str(os.getuid()),
            'ENABLED_SERVICES': 'n-api,g-api',
            'ENABLE_DEBUG_LOG_LEVEL': 'True',
            'SERVICE_TIMEOUT': '90',
            'SERVICE_HOST': '127.0.0.1',
            'SERVICE_PROTOCOL': 'http',
            'SERVICE_PASSWORD': uuidutils.generate_uuid(dashed=False),
            'SERVICE_PROJECT_NAME': 'service',
            'SERVICE_DOMAIN_NAME': 'Default',
            'REGION_NAME': 'RegionOne',
            'KEYSTONE_SERVICE_URI': self.cloud.values['keystone_url'],
            'DATABASE_TYPE': 'mysql',
            'DATABASE_USER': 'root',
            'DATABASE_PASSWORD': '',
            'DATABASE_HOST': '127.0.0.1',
            'NOVA_CONF': self.nova_conf,
            'GLANCE_API_CONF': self.glance_conf,
            'UTTER_VA_DIR': TOP,
            'UTTER_VA_CONF_DIR': self.conf_dir,
            'UTTER_VA_API_PORT': str(self.port),
            'UTTER_VA_SERVICE_USER': self.user,
            'UTTER_VA_SERVICE_NAME': self.service,
            'UTTER_VA_SERVICE_TYPE': self.service_type,
            'UTTER_VA_ADMIN_CLOUD': 'minicloud-admin',
            'UTTER_VA_DB_NAME': self.db_name,
            'UTTER_VA_IMAGE_HOSTS': ' cloud-images.ubuntu.com,'
                                    'images.example.org ',
            'UTTER_VA_IMAGE_MAX_SIZE_MB': '2048',
        })
        self.env = env
        self.addCleanup(self._remove_everything)

    def _devstack_nova_conf(self):
        """minicloud's nova.conf, as devstack's Nova would leave it."""
        path = os.path.join(self.tmp, 'nova.conf')
        parser = read_ini(os.path.join(self.cloud.state_dir, 'etc', 'nova',
                                       'nova.conf'))
        parser.remove_option('DEFAULT', 'compute_monitors')
        parser.set('notifications', 'notification_format', 'unversioned')
        parser.set('notifications', 'versioned_notifications_topics',
                   'other_consumer')
        with open(path, 'w') as f:
            parser.write(f)
        return path

    # What devstack does ---------------------------------------------------

    def devstack(self, *phases, fail=False):
        """Run plugin phases in one bash process, as stack.sh does.

        With ``fail``, the phases must fail (and return the result).
        """
        lines = ['set -o errexit -o pipefail',
                 'source %s' % shlex.quote(SHIM),
                 'source %s' % shlex.quote(
                     os.path.join(TOP, 'devstack', 'settings'))]
        for phase in phases:
            lines.append('source %s %s' % (
                shlex.quote(os.path.join(TOP, 'devstack', 'plugin.sh')),
                phase))
        result = subprocess.run(['bash', '-c', '\n'.join(lines)],
                                env=self.env, capture_output=True,
                                text=True, timeout=600)
        if fail:
            self.assertNotEqual(0, result.returncode, result.stdout)
            return result
        self.assertEqual(0, result.returncode,
                         'devstack %s failed:\n%s\n%s' % (
                             phases, result.stdout[-4000:],
                             result.stderr[-4000:]))
        return result

    def local_conf_post_config(self, options):
        """What a [[post-config|$UTTER_VA_CONF]] block of local.conf does."""
        parser = read_ini(self.conf)
        for section, values in options.items():
            if not parser.has_section(section):
                parser.add_section(section)
            for key, value in values.items():
                parser.set(section, key, value)
        with open(self.conf, 'w') as f:
            parser.write(f)

    # The real services ----------------------------------------------------

    def identity(self, path):
        return self.keystone.get(
            path, endpoint_filter={'service_type': 'identity',
                                   'interface': 'public'}).json()

    def keystone_user(self):
        users = self.identity('/users?name=%s' % self.user)['users']
        return users[0] if users else None

    def keystone_service(self):
        services = self.identity('/services?type=%s'
                                 % self.service_type)['services']
        return services[0] if services else None

    def database_exists(self):
        admin = sa.create_engine(ft_fixtures.MYSQL_ADMIN_URL)
        try:
            with admin.connect() as connection:
                return bool(connection.exec_driver_sql(
                    'SHOW DATABASES LIKE %s', (self.db_name,)).fetchall())
        finally:
            admin.dispose()

    def pid(self, service):
        path = os.path.join(self.run_dir, service + '.pid')
        if not os.path.exists(path):
            return None
        with open(path) as f:
            return int(f.read())

    def command(self, name, *args):
        return subprocess.run(
            [os.path.join(BIN_DIR, name), '--config-file', self.conf]
            + list(args), capture_output=True, text=True, timeout=120)

    def http(self, path, token=None):
        request = urllib.request.Request(self.api_url + path)
        if token:
            request.add_header('X-Auth-Token', token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # The test --------------------------------------------------------------

    def test_stack_unstack_clean(self):
        self.devstack('stack install')
        self.assertTrue(os.access(os.path.join(BIN_DIR, 'uwsgi'), os.X_OK)
                        or shutil.which('uwsgi'))

        # post-config, twice: a second stack.sh adds nothing twice.
        self.devstack('stack post-config', 'stack post-config')
        self._check_keystone()
        self._check_utter_va_conf()
        self._check_nova_conf()
        self._check_glance_conf()

        self.local_conf_post_config({
            # NOTE: a pool of its own: other tests' engines listen on the
            # same cloud and must not share their notifications with it.
            'engine': {'notification_pool': self.service,
                       'heartbeat_interval': '1'},
        })
        self.devstack('stack extra')
        self._check_running()

        self.devstack('unstack')
        for service in ('utter-va-api', 'utter-va-engine'):
            self.assertIsNone(self.pid(service))
        self.assertRaises(urllib.error.URLError, urllib.request.urlopen,
                          self.api_url + '/', timeout=5)

        self.devstack('clean')
        self.assertIsNone(self.keystone_user())
        self.assertIsNone(self.keystone_service())
        self.assertEqual([], [
            e for e in self.identity('/endpoints')['endpoints']
            if e['url'] == self.api_url])
        self.assertFalse(self.database_exists())
        self.assertFalse(os.path.exists(self.conf_dir))

    def _check_keystone(self):
        user = self.keystone_user()
        self.assertIsNotNone(user)
        assignments = self.identity(
            '/role_assignments?user.id=%s&include_names' % user['id'])
        roles = {(a['role']['name'], a['scope']['project']['name'])
                 for a in assignments['role_assignments']}
        self.assertEqual({('admin', 'service'), ('service', 'service')},
                         roles)
        services = self.identity('/services?type=%s'
                                 % self.service_type)['services']
        self.assertEqual([self.service], [s['name'] for s in services])
        endpoints = self.identity('/endpoints?service_id=%s'
                                  % services[0]['id'])['endpoints']
        self.assertEqual([('public', 'RegionOne', self.api_url)],
                         [(e['interface'], e['region_id'], e['url'])
                          for e in endpoints])

    def _check_utter_va_conf(self):
        conf = read_ini(self.conf)
        self.assertEqual(self.cloud.transport_url,
                         conf.get('DEFAULT', 'transport_url'))
        self.assertEqual(self.cloud.transport_url,
                         conf.get('oslo_messaging_notifications',
                                  'transport_url'))
        self.assertIn('/%s?' % self.db_name,
                      conf.get('database', 'connection'))
        for section in ('keystone_authtoken', 'nova', 'placement', 'glance',
                        'neutron'):
            self.assertEqual(self.user, conf.get(section, 'username'))
            self.assertEqual(self.env['SERVICE_PASSWORD'],
                             conf.get(section, 'password'))
            self.assertEqual(self.cloud.values['keystone_url'],
                             conf.get(section, 'auth_url'))
        self.assertEqual('fake', conf.get('payment', 'driver'))
        self.assertEqual('none', conf.get('network', 'mode'))
        self.assertEqual('versioned_notifications',
                         conf.get('engine', 'notification_topics'))
        self.assertEqual(self.api_url, conf.get('api', 'public_url'))
        uwsgi = read_ini(os.path.join(self.conf_dir,
                                      'utter-va-api-uwsgi.ini'))
        self.assertEqual('utter_va.wsgi.api', uwsgi.get('uwsgi', 'module'))
        self.assertEqual('127.0.0.1:%d' % self.port,
                         uwsgi.get('uwsgi', 'http-socket'))
        self.assertEqual('UTTER_VA_CONFIG_FILES=%s' % self.conf,
                         uwsgi.get('uwsgi', 'env'))

    def _check_nova_conf(self):
        nova = read_ini(self.nova_conf)
        self.assertEqual('both',
                         nova.get('notifications', 'notification_format'))
        self.assertEqual('other_consumer,versioned_notifications',
                         nova.get('notifications',
                                  'versioned_notifications_topics'))
        self.assertEqual('messagingv2',
                         nova.get('oslo_messaging_notifications', 'driver'))
        self.assertEqual('cpu.virt_driver',
                         nova.get('DEFAULT', 'compute_monitors'))

    def _check_glance_conf(self):
        conf = read_ini(self.conf)
        self.assertEqual('cloud-images.ubuntu.com,images.example.org',
                         conf.get('images', 'allowed_hosts'))
        self.assertEqual('2048', conf.get('images', 'max_size'))
        glance = read_ini(self.glance_conf)
        self.assertEqual(
            ('[https]', '[443]',
             '[cloud-images.ubuntu.com,images.example.org]'),
            tuple(glance.get('import_filtering_opts', option) for option in
                  ('allowed_schemes', 'allowed_ports', 'allowed_hosts')))
        self.assertEqual(str(2048 * 1024 * 1024),
                         glance.get('DEFAULT', 'image_size_cap'))
        self.assertEqual('[glance-direct,copy-image,web-download]',
                         glance.get('DEFAULT', 'enabled_import_methods'))
        self.assertEqual('True', glance.get('DEFAULT', 'debug'))

    def test_without_image_hosts(self):
        self.env['UTTER_VA_IMAGE_HOSTS'] = ''
        result = self.devstack('stack post-config')
        self.assertIn('NOTICE: UTTER_VA_IMAGE_HOSTS is empty', result.stdout)
        with open(self.glance_conf) as f:
            self.assertEqual(GLANCE_API_CONF, f.read())
        self.assertFalse(read_ini(self.conf).has_section('images'))

    def test_refuses_a_domain_suffix(self):
        self.env['UTTER_VA_IMAGE_HOSTS'] = 'images.example.org,.example.org'
        result = self.devstack('stack post-config', fail=True)
        self.assertIn('UTTER_VA_IMAGE_HOSTS: .example.org: Glance\'s '
                      '[import_filtering_opts] allowed_hosts takes exact '
                      'host names only', result.stderr)
        with open(self.glance_conf) as f:
            self.assertEqual(GLANCE_API_CONF, f.read())
        self.assertFalse(os.path.exists(self.conf))

    def _check_running(self):
        version = self.command('utter-va-manage', 'db', 'version')
        # NOTE: with debug on, the log goes to stdout before the answer.
        self.assertEqual(migration.head(),
                         version.stdout.strip().splitlines()[-1],
                         version.stderr)
        status = self.command('utter-va-status', 'upgrade', 'check')
        self.assertEqual(0, status.returncode, status.stdout)

        api, engine = self.pid('utter-va-api'), self.pid('utter-va-engine')
        self.assertTrue(alive(api))
        self.assertTrue(alive(engine))
        self.assertEqual(200, self.http('/healthcheck'))
        # The service user the plugin made validates a real admin token.
        self.assertEqual(200, self.http('/v1/prices',
                                        self.keystone.get_token()))
        self.assertEqual(401, self.http('/v1/prices'))

        url = '%s%s' % (ft_fixtures.MYSQL_ADMIN_URL, self.db_name)
        db = sa.create_engine(url)
        self.addCleanup(db.dispose)

        def engine_heartbeat():
            with db.connect() as connection:
                return connection.exec_driver_sql(
                    "SELECT last_seen_at FROM services "
                    "WHERE `binary` = 'utter-va-engine'").fetchall()
        ft_fixtures.wait_for(engine_heartbeat, 60,
                             'utter-va-engine recorded no heartbeat')

    # Cleanup -----------------------------------------------------------------

    def _remove_everything(self):
        for service in ('utter-va-api', 'utter-va-engine'):
            pid = self.pid(service)
            if pid is None:
                continue
            for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
                if not alive(pid):
                    break
                try:
                    os.killpg(pid, sig)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + wait
                while alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.2)
        admin = sa.create_engine(ft_fixtures.MYSQL_ADMIN_URL)
        with admin.connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS `%s`'
                                       % self.db_name)
        admin.dispose()
        identity = {'service_type': 'identity', 'interface': 'public'}
        service = self.keystone_service()
        if service:
            for endpoint in self.identity('/endpoints?service_id=%s'
                                          % service['id'])['endpoints']:
                self.keystone.delete('/endpoints/%s' % endpoint['id'],
                                     endpoint_filter=identity)
            self.keystone.delete('/services/%s' % service['id'],
                                 endpoint_filter=identity)
        user = self.keystone_user()
        if user:
            self.keystone.delete('/users/%s' % user['id'],
                                 endpoint_filter=identity)
