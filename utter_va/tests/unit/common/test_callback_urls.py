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

"""Which callback URLs and addresses count as public."""

from utter_va.engine import callbacks
from utter_va.tests import base

#: Literal addresses that reach loopback, private or link-local networks,
#: in every spelling an IPv6 address can carry an IPv4 one.
NOT_PUBLIC = [
    '127.0.0.1', '10.1.2.3', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '[::1]', '[fe80::1]', '[fc00::1]', '[::]',
    '[::ffff:127.0.0.1]', '[::ffff:10.0.0.1]',    # IPv4-mapped
    '[::127.0.0.1]', '[::10.0.0.1]', '[::93.184.215.14]',  # compatible
    '[64:ff9b::7f00:1]', '[64:ff9b::a00:1]',      # NAT64 of private ones
    '[64:ff9b::a9fe:a9fe]',                        # NAT64 of metadata
    '[64:ff9b:1::5db8:d70e]',                      # local-use NAT64
    '[2002:7f00:1::]', '[2002:a00:1::1]',         # 6to4 of private ones
    '[2001::1]',                                   # Teredo
]
PUBLIC = ['93.184.215.14', '[2606:4700::1111]', '[64:ff9b::5db8:d70e]',
          '[2002:5db8:d70e::1]']


class TestCheckUrl(base.TestCase):

    def setUp(self):
        super().setUp()
        self.flags(callback_allow_private=False, group='orders')

    def test_every_form_of_a_non_public_address_is_refused(self):
        passed = []
        for host in NOT_PUBLIC:
            try:
                callbacks.check_url('http://%s/cb' % host)
            except callbacks.UnsafeURL:
                continue
            passed.append(host)
        self.assertEqual([], passed)

    def test_public_addresses_pass_with_where_to_connect(self):
        for host in PUBLIC:
            target = callbacks.check_url('https://%s:8443/cb?x=1' % host)
            self.assertEqual(1, len(target.addresses), host)
            self.assertEqual(host.strip('[]'), target.addresses[0][1][0])
            self.assertEqual(('/cb?x=1', '%s:8443' % host),
                             (target.path, target.host_header))

    def test_malformed_urls_are_refused(self):
        for url in ('http://x:99999/', 'http://x:0/', 'http://x:port/',
                    'http://u:p@93.184.215.14/', 'ftp://93.184.215.14/',
                    'http:///nohost', 'http://93.184.215.14/\x00',
                    'http://93.184.215.14/caf\xe9'):
            self.assertRaises(callbacks.UnsafeURL, callbacks.check_url, url)

    def test_allow_private_still_checks_the_form(self):
        self.flags(callback_allow_private=True, group='orders')
        callbacks.check_url('http://127.0.0.1:8080/cb')
        self.assertRaises(callbacks.UnsafeURL, callbacks.check_url,
                          'http://127.0.0.1:99999/cb')
