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

"""python -m utter_va.cmd.api_ref: the document of tox -e api-ref."""

import io
import os

import fixtures

from utter_va.api import app as api_app
from utter_va.api import openapi
from utter_va.cmd import api_ref
from utter_va.tests import base


class TestApiRef(base.TestCase):

    def setUp(self):
        super().setUp()
        self.expected = openapi.dumps(
            openapi.generate(api_app.create_flask_app()))

    def test_writes_the_file_named(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'openapi.json')
        api_ref.main([path])
        with open(path) as f:
            self.assertEqual(self.expected, f.read())

    def test_prints_without_a_file(self):
        out = self.useFixture(fixtures.MonkeyPatch('sys.stdout',
                                                   io.StringIO())).new_value
        api_ref.main([])
        self.assertEqual(self.expected, out.getvalue())
