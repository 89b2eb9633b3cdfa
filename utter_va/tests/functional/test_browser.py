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

"""The browser harness itself: it catches what it is there to catch.

Pages served from a local HTTP server on loopback that reach a host that
is not loopback, log a console error, break their own
Content-Security-Policy or leave an input without a label must each be
reported; a clean page must not; a QR code rendered by segno must decode
back to its text, character for character.
"""

import http.server
import os
import threading

import fixtures
import segno
import testtools

from utter_va.tests.functional import browser

_PAGES = {
    '/clean': (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>Clean</title><script src="/quiet.js"></script></head>'
        '<body><main><h1>Clean</h1><label for="n">Name</label>'
        '<input id="n"></main></body></html>'),
    '/external': (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>External</title></head><body><main><h1>External</h1>'
        '<img alt="x" src="http://192.0.2.7/pixel.png"></main></body>'
        '</html>'),
    '/console': (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>Console</title><script src="/noisy.js"></script></head>'
        '<body><main><h1>Console</h1></main></body></html>'),
    '/inline': (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>Inline</title><script>document.title = "ran"</script>'
        '</head><body><main><h1>Inline</h1></main></body></html>'),
    '/unlabelled': (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>Unlabelled</title></head><body><main><h1>Form</h1>'
        '<input id="n"></main></body></html>'),
    '/quiet.js': 'console.log("fine");',
    '/noisy.js': 'console.error("boom");',
}
_CSP = "default-src 'none'; script-src 'self'; img-src 'self' data:"
_URI = ('bitcoin:bcrt1qfake0123456789abcdef0123456789?amount=0.00012345'
        '&lightning=lnbcrt123450n1pfakeinvoice')


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.partition('?')[0]
        if path == '/qr':
            body = ('<!doctype html><html lang="en"><head><meta '
                    'charset="utf-8"><title>QR</title></head><body><main>'
                    '<h1>QR</h1><img id="qr" alt="QR code" src="%s">'
                    '</main></body></html>' % segno.make(
                        _URI, error='m').svg_data_uri(scale=6))
        elif path in _PAGES:
            body = _PAGES[path]
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/javascript'
                         if path.endswith('.js') else 'text/html')
        self.send_header('Content-Length', str(len(data)))
        if path == '/inline':
            self.send_header('Content-Security-Policy', _CSP)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class BrowserHarnessTest(testtools.TestCase):
    """Each guard of the harness fails on what it must, and only then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     _Handler)
        cls.thread = threading.Thread(target=cls.server.serve_forever,
                                      daemon=True)
        cls.thread.start()
        cls.url = 'http://127.0.0.1:%d' % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.browser = self.useFixture(browser.Browser())

    def _open(self, path, viewport=browser.DESKTOP):
        page = self.browser.new_page(viewport)
        page.goto(self.url + path, wait_until='load')
        return page

    def _forget(self):
        # NOTE: the test looked at what it provoked; the cleanup check
        # must not fail the test for it.
        self.browser.external_requests[:] = []
        self.browser.console_errors[:] = []

    def test_clean_page_passes_every_check(self):
        page = self._open('/clean', browser.PHONE)
        self.browser.check_accessibility(page)
        path = self.browser.screenshot(page, 'clean')
        self.assertEqual([], self.browser.problems())
        with open(path, 'rb') as f:
            self.assertEqual(b'\x89PNG', f.read(4))
        self.assertGreater(browser.transfer_size(page), 0)

    def test_request_to_another_host_is_blocked_and_reported(self):
        self._open('/external')
        problems = self.browser.problems()
        try:
            self.assertRaises(AssertionError, self.browser.check_clean)
        finally:
            self._forget()
        self.assertIn('request to a host that is not loopback: '
                      'http://192.0.2.7/pixel.png', problems)

    def test_console_error_is_reported(self):
        self._open('/console')
        problems = self.browser.problems()
        self._forget()
        self.assertTrue(any('boom' in p for p in problems), problems)

    def test_inline_script_refused_by_csp_is_reported(self):
        page = self._open('/inline')
        problems = self.browser.problems()
        self._forget()
        self.assertEqual('Inline', page.title())
        self.assertTrue(any('Content Security Policy' in p
                            for p in problems), problems)

    def test_unlabelled_input_fails_accessibility(self):
        page = self._open('/unlabelled')
        error = self.assertRaises(AssertionError,
                                  self.browser.check_accessibility, page)
        self.assertIn('label', str(error))

    def test_qr_code_decodes_to_its_exact_text(self):
        page = self._open('/qr')
        png = page.locator('#qr').screenshot()
        self.assertEqual(_URI, browser.decode_qr(png))

    def test_screenshots_go_where_the_environment_says(self):
        target = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            browser.SCREENSHOTS_ENV, target))
        path = self.browser.screenshot(self._open('/clean'), 'here')
        self.assertEqual(os.path.join(target, 'here.png'), path)
        self.assertGreater(os.path.getsize(path), 0)


class LoopbackTest(testtools.TestCase):
    """What counts as staying on the machine."""

    def test_loopback_urls(self):
        for url in ('http://127.0.0.1:9870/store/', 'http://localhost/x',
                    'http://[::1]:80/', 'blob:http://127.0.0.1/abc',
                    'data:image/svg+xml;base64,AAAA', 'about:blank'):
            self.assertTrue(browser.is_loopback_url(url), url)
        for url in ('https://cdn.example.com/x.js', 'http://192.0.2.7/',
                    'http://127.0.0.1.example.com/', 'http://[::2]/',
                    'https://fonts.googleapis.com/css'):
            self.assertFalse(browser.is_loopback_url(url), url)
