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

"""The systemd units of etc/systemd/ and the uwsgi file they point at.

Each unit runs as a dedicated user, carries the hardening keys, and its
ExecStart names something that exists: a console script of setup.cfg, or
uwsgi with an ini file of etc/utter-va/ whose WSGI module and callable are
in the tree.
"""

import ast
import configparser
import os
import shlex

import testtools

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
UNITS = ('utter-va-api.service', 'utter-va-engine.service')

HARDENING = {
    'NoNewPrivileges': 'true',
    'ProtectSystem': 'strict',
    'ProtectHome': 'true',
    'PrivateTmp': 'true',
    'PrivateDevices': 'true',
    'ProtectKernelTunables': 'true',
    'ProtectKernelModules': 'true',
    'ProtectControlGroups': 'true',
    'RestrictSUIDSGID': 'true',
    'RestrictNamespaces': 'true',
    'LockPersonality': 'true',
    'CapabilityBoundingSet': '',
    'RestrictAddressFamilies': 'AF_UNIX AF_INET AF_INET6',
}


def read_ini(path):
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str
    with open(path) as f:
        parser.read_file(f)
    return parser


def console_scripts():
    entry_points = read_ini(os.path.join(TOP, 'setup.cfg')).get(
        'entry_points', 'console_scripts')
    return {line.split('=')[0].strip()
            for line in entry_points.splitlines() if '=' in line}


class SystemdUnitsTestCase(testtools.TestCase):

    def unit(self, name):
        return read_ini(os.path.join(TOP, 'etc', 'systemd', name))

    def exec_start(self, name):
        return shlex.split(self.unit(name).get('Service', 'ExecStart'))

    def test_dedicated_user(self):
        for name in UNITS:
            service = self.unit(name)['Service']
            self.assertEqual('utter-va', service.get('User'), name)
            self.assertEqual('utter-va', service.get('Group'), name)

    def test_hardening(self):
        for name in UNITS:
            service = self.unit(name)['Service']
            for key, value in HARDENING.items():
                self.assertEqual(value, service.get(key),
                                 '%s: %s' % (name, key))
            writable = service.get('ReadWritePaths').split()
            self.assertEqual(['-/var/log/utter-va', '-/var/lib/utter-va'],
                             writable, name)
            self.assertEqual('utter-va', service.get('LogsDirectory'))
            self.assertEqual('utter-va', service.get('StateDirectory'))
            self.assertEqual('/etc/utter-va', service.get('ReadOnlyPaths'))

    def test_engine_runs_a_console_script(self):
        argv = self.exec_start('utter-va-engine.service')
        self.assertIn(os.path.basename(argv[0]), console_scripts())
        self.assertEqual(['--config-file', '/etc/utter-va/utter-va.conf'],
                         argv[1:])

    def test_api_runs_uwsgi_on_an_ini_of_the_tree(self):
        argv = self.exec_start('utter-va-api.service')
        self.assertEqual('uwsgi', os.path.basename(argv[0]))
        self.assertEqual('--ini', argv[1])
        installed = argv[2]
        self.assertEqual('/etc/utter-va/', os.path.dirname(installed) + '/')
        ini = os.path.join(TOP, 'etc', 'utter-va', os.path.basename(installed))
        self.assertTrue(os.path.exists(ini), ini)

        uwsgi = read_ini(ini)['uwsgi']
        module, _, callable_name = uwsgi.get('module').partition(':')
        path = os.path.join(TOP, *module.split('.')) + '.py'
        self.assertTrue(os.path.exists(path), path)
        with open(path) as f:
            tree = ast.parse(f.read())
        assigned = {target.id for node in tree.body
                    if isinstance(node, ast.Assign)
                    for target in node.targets
                    if isinstance(target, ast.Name)}
        self.assertIn(callable_name or 'application', assigned)
        self.assertEqual('UTTER_VA_CONFIG_FILES=/etc/utter-va/utter-va.conf',
                         uwsgi.get('env'))
        self.assertEqual('127.0.0.1', uwsgi.get('http-socket').split(':')[0])
