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

"""The LNURL encoding (LUD-01) and the LNURL-pay metadata (LUD-06)."""

import hashlib
import json

from utter_va import exception
from utter_va.payment import lnurl
from utter_va.tests import base

#: The example of LUD-01.
SPEC_URL = ('https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96d'
            'cd340693afabe04be7b0ccd178df')
SPEC_LNURL = ('LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35'
              'XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZC'
              'N9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS')


class TestEncoding(base.TestCase):

    def test_the_example_of_lud01(self):
        self.assertEqual(SPEC_LNURL, lnurl.encode(SPEC_URL))
        self.assertEqual(SPEC_URL, lnurl.decode(SPEC_LNURL))

    def test_lowercase_decodes_too(self):
        self.assertEqual(SPEC_URL, lnurl.decode(SPEC_LNURL.lower()))

    def test_round_trip_of_a_long_url(self):
        url = 'https://sales.example.com/v1/lnurlp/' + 'a' * 200
        self.assertEqual(url, lnurl.decode(lnurl.encode(url)))

    def test_not_an_lnurl(self):
        mixed = SPEC_LNURL[:10] + SPEC_LNURL[10:].lower()
        broken = SPEC_LNURL[:-1] + ('Q' if SPEC_LNURL[-1] != 'Q' else 'P')
        for value in (mixed, broken, 'lnurl', '',
                      'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'):
            self.assertRaises(exception.Invalid, lnurl.decode, value)


class TestMetadata(base.TestCase):

    def test_plain_text_then_identifier(self):
        metadata = lnurl.metadata('Paid time', 'abc@example.com')
        self.assertEqual('[["text/plain","Paid time"],'
                         '["text/identifier","abc@example.com"]]', metadata)
        self.assertEqual([['text/plain', 'Paid time']],
                         json.loads(lnurl.metadata('Paid time')))

    def test_hash_of_the_utf8_string(self):
        metadata = lnurl.metadata('Zeit für einen Server')
        self.assertEqual(hashlib.sha256(metadata.encode('utf-8')).digest(),
                         lnurl.description_hash(metadata))

    def test_usernames_of_lud16_only(self):
        self.assertEqual('a-b_c.d0@x.example',
                         lnurl.address('a-b_c.d0', 'x.example'))
        for name in ('Abc', 'a b', 'a@b', ''):
            self.assertRaises(exception.Invalid, lnurl.address, name, 'x')
