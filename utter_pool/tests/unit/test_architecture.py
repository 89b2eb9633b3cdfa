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

"""The boundary between the two services, checked by reading the sources.

utter-pool imports nothing of ``utter_va``; the protocol package they
share imports neither of them.
"""

import ast
import os

import fixtures
import testtools

import utter_pool
import utter_protocol


def _sources(package):
    top = os.path.dirname(package.__file__)
    for directory, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in files:
            if name.endswith('.py'):
                yield os.path.join(directory, name)


def _imported(path):
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and not node.level:
            yield node.module or ''


def _offenders(package, forbidden):
    found = []
    for path in _sources(package):
        for name in _imported(path):
            if name.split('.')[0] in forbidden:
                found.append('%s imports %s' % (
                    os.path.relpath(path, os.path.dirname(
                        os.path.dirname(package.__file__))), name))
    return found


class TestBoundary(testtools.TestCase):

    def test_the_pool_imports_nothing_of_utter_va(self):
        self.assertEqual([], _offenders(utter_pool, {'utter_va'}))

    def test_the_protocol_imports_neither_side(self):
        self.assertEqual([], _offenders(utter_protocol,
                                        {'utter_va', 'utter_pool'}))

    def test_the_check_sees_every_module(self):
        # NOTE: a walk that found nothing would pass the tests above.
        self.assertGreater(len(list(_sources(utter_pool))), 20)
        self.assertGreater(len(list(_sources(utter_protocol))), 4)

    def test_the_check_finds_an_offender(self):
        path = self.useFixture(fixtures.TempDir()).path
        module = os.path.join(path, 'bad.py')
        with open(module, 'w') as f:
            f.write('def f():\n    from utter_va.db import api\n')
        self.assertEqual(['utter_va.db'], list(_imported(module)))
