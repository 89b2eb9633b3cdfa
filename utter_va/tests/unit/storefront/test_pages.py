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

"""The storefront's pages: public, strict headers, no inline script or
style, every state and close reason said in words, the JSON API left as
it was."""

import html.parser
import json
import os

import fixtures

from utter_va.api import app as api_app
from utter_va.api import auth
from utter_va.api import openapi
from utter_va.orders import closing
from utter_va.orders import states
from utter_va.storefront import messages
from utter_va.storefront import views
from utter_va.tests.unit.api import orders_base

STATIC = os.path.join(os.path.dirname(views.__file__), 'static')
PAGES = ('/store/', '/store/order')
FILES = ('store.css', 'common.js', 'offers.js', 'order.js', 'favicon.svg')


class _Elements(html.parser.HTMLParser):
    """Every start tag of a page, with its attributes, and script bodies."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.scripts = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == 'script':
            self._in_script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == 'script':
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None and data.strip():
            self.scripts.append((self._in_script, data))


def elements(text):
    parser = _Elements()
    parser.feed(text)
    return parser


class TestPages(orders_base.ApiTestCase):

    def get(self, path):
        return self.app.get(path, expect_errors=True,
                            extra_environ={'REMOTE_ADDR': orders_base.BUYER})

    def test_pages_are_html_with_the_security_headers(self):
        for path in PAGES + tuple('/store/static/' + f for f in FILES) + (
                '/store/no-such-page',):
            response = self.get(path)
            for name, value in views.SECURITY_HEADERS.items():
                self.assertEqual(value, response.headers.get(name),
                                 '%s %s' % (path, name))
        for path in PAGES:
            response = self.get(path)
            self.assertEqual(200, response.status_code)
            self.assertEqual('text/html', response.content_type)

    def test_the_policy_is_the_strict_one(self):
        self.assertEqual(
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            "img-src 'self' blob:; connect-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'",
            views.CONTENT_SECURITY_POLICY)

    def test_json_api_answers_carry_no_page_policy(self):
        response = self.get('/v1/offers')
        self.assertNotIn('Content-Security-Policy', response.headers)

    def test_no_inline_script_or_style_and_nothing_from_elsewhere(self):
        for path in PAGES:
            page = elements(self.get(path).text)
            for tag, attrs in page.tags:
                self.assertNotIn('style', attrs, (path, tag))
                self.assertFalse(any(a.startswith('on') for a in attrs),
                                 (path, tag, attrs))
                self.assertNotEqual('style', tag, path)
                for name in ('src', 'href', 'action'):
                    value = attrs.get(name) or ''
                    self.assertNotIn('//', value, (path, tag))
            self.assertEqual(
                [{'type': 'application/json', 'id': 'messages'}],
                [attrs for attrs, _body in page.scripts], path)
            self.assertTrue(all('src' in attrs for tag, attrs in page.tags
                                if tag == 'script' and
                                attrs.get('type') != 'application/json'))

    def test_every_input_has_a_label(self):
        for path in PAGES:
            page = elements(self.get(path).text)
            labelled = {attrs.get('for') for tag, attrs in page.tags
                        if tag == 'label'}
            for tag, attrs in page.tags:
                if tag in ('input', 'select', 'textarea') and (
                        'id' in attrs):
                    self.assertIn(attrs['id'], labelled, (path, attrs))

    def test_messages_block_says_every_state_and_reason(self):
        page = elements(self.get('/store/order').text)
        block = json.loads(page.scripts[0][1])
        self.assertEqual(set(states.ALL), set(block['states']))
        self.assertEqual(set(closing.REASONS), set(block['reasons']))
        self.assertEqual(set(states.CLOSED), set(block['closed_states']))
        self.assertEqual(set(states.TOPUP), set(block['server_states']))
        self.assertEqual(set(messages.page_strings()),
                         set(block['strings']))

    def test_messages_block_cannot_close_its_script(self):
        self.useFixture(fixtures.MockPatch(
            'utter_va.storefront.messages.page_strings',
            return_value={'evil': '</script><script>alert(1)</script>'}))
        text = self.get('/store/').text
        self.assertNotIn('</script><script>alert', text)

    def test_static_files_are_packaged_with_the_module(self):
        for name in FILES:
            self.assertTrue(os.path.isfile(os.path.join(STATIC, name)), name)

    def test_scripts_never_write_html(self):
        for name in ('common.js', 'offers.js', 'order.js'):
            with open(os.path.join(STATIC, name)) as f:
                source = f.read()
            for sink in ('innerHTML', 'outerHTML', 'insertAdjacentHTML',
                         'document.write', 'eval(', 'new Function'):
                self.assertNotIn(sink, source, name)


class TestStorefrontIsPublicAndNotApi(orders_base.ApiTestCase):

    def test_pages_need_no_token_but_only_get(self):
        self.assertTrue(auth.is_public('GET', '/store/'))
        self.assertTrue(auth.is_public('GET', '/store/static/order.js'))
        self.assertTrue(auth.is_public('GET', '/store'))
        self.assertFalse(auth.is_public('POST', '/store/'))
        self.assertFalse(auth.is_public('GET', '/storefront-admin'))

    def test_the_openapi_document_leaves_the_pages_out(self):
        document = openapi.generate(api_app.create_flask_app())
        self.assertFalse([p for p in document['paths']
                          if p.startswith('/store')])
        self.assertIn('/v1/orders/{order_id}/qr', document['paths'])
