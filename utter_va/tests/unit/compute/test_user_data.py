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

"""Tests of the user data a sold server boots with."""

import base64
import email

import yaml

from utter_va.compute import user_data
from utter_va.tests import base

KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAYO1q9mo+K9ZndxJP1N4Y6wT' \
      'qELZOeyTf2/3KtHeydW buyer@example'
SCRIPT = b'#!/bin/sh\necho hi > /tmp/hi\n'


def _parts(document):
    message = email.message_from_string(document)
    return [(part.get_content_type(), part.get_payload(decode=True))
            for part in message.get_payload()]


class TestBuild(base.TestCase):

    def test_cloud_config_is_written_by_a_yaml_serializer(self):
        for comment in ('\u2028runcmd: [touch /tmp/pwned]',
                        '\nruncmd: [x]', '"quoted" # not a comment',
                        "a: b, c: [d]"):
            key = KEY + comment
            config = user_data.build(key)
            self.assertTrue(config.startswith('#cloud-config\n'))
            self.assertEqual({'ssh_authorized_keys': [key]},
                             yaml.safe_load(config), repr(comment))

    def test_base64_user_data_with_a_key_is_kept(self):
        document = user_data.build(KEY, base64.b64encode(SCRIPT).decode())
        (config_type, config), (script_type, script) = _parts(document)
        self.assertEqual('text/cloud-config', config_type)
        self.assertEqual({'ssh_authorized_keys': [KEY]},
                         yaml.safe_load(config))
        self.assertEqual(('text/x-shellscript', SCRIPT),
                         (script_type, script))

    def test_plain_user_data_with_a_key(self):
        document = user_data.build(KEY, SCRIPT.decode())
        self.assertEqual(('text/x-shellscript', SCRIPT),
                         _parts(document)[1])

    def test_binary_user_data_with_a_key(self):
        gzipped = b'\x1f\x8b\x08\x00binary\xff'
        document = user_data.build(KEY, base64.b64encode(gzipped).decode())
        self.assertEqual(('application/x-gzip', gzipped),
                         _parts(document)[1])

    def test_user_data_alone_is_what_the_server_sees(self):
        self.assertEqual(SCRIPT.decode(), user_data.build(
            None, base64.b64encode(SCRIPT).decode()))
        self.assertEqual(SCRIPT.decode(), user_data.build(
            None, SCRIPT.decode()))
        self.assertIsNone(user_data.build())

    def test_nova_size_is_counted_after_base64(self):
        self.assertEqual(len(base64.b64encode(SCRIPT)),
                         user_data.nova_size(None, SCRIPT.decode()))
        built = user_data.build(KEY, SCRIPT.decode()).encode()
        self.assertEqual(len(base64.b64encode(built)),
                         user_data.nova_size(KEY, SCRIPT.decode()))
