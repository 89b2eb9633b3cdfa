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

"""The documentation says what the code does: transitions, close reasons."""

import os
import re

import testtools

import utter_va
from utter_va.orders import closing
from utter_va.orders import states

DOC_DIR = os.path.join(os.path.dirname(os.path.dirname(utter_va.__file__)),
                       'doc', 'source')


def _read(*path):
    with open(os.path.join(DOC_DIR, *path)) as f:
        return f.read()


class TestDocs(testtools.TestCase):

    def test_architecture_shows_the_transition_table(self):
        text = _read('contributor', 'architecture.rst')
        table = text[text.index('* - state'):]
        rows = re.findall(r'\* - ``(\w+)``\n\s+- ``(\w+)``\n\s+- ``(\w+)``',
                          table)
        self.assertEqual(states.table(), rows)

    def test_admin_guide_names_every_close_reason(self):
        text = _read('admin', 'orders.rst')
        missing = [r for r in closing.REASONS if '``%s``' % r not in text]
        self.assertEqual([], missing)
