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

"""A real browser for the storefront's tests: Debian's Chromium, driven by
Playwright for Python, that fails the test when a page misbehaves.

:class:`Browser` starts ``/usr/bin/chromium`` (installed by
``tools/ensure-services``; Playwright never downloads a browser here)
headless, with a fresh user data directory and every background
connection of Chromium's own turned off. Each page it opens records:

* every request whose host is not loopback: it is aborted (nothing leaves
  the machine) and fails the test, as a page that reaches a CDN, a font
  host or a tracker must;
* every console message of level error, and every uncaught exception
  (a Content-Security-Policy violation is logged as a console error, so
  an inline script or a style the policy refuses fails the test too).

Both are checked when the fixture is cleaned up, so a test cannot forget
them; :meth:`Browser.problems` tells them earlier.
:meth:`Browser.check_accessibility` runs axe-core (the copy that
axe-playwright-python ships) on a page and fails on any violation;
:meth:`Browser.screenshot` writes a PNG to ``$UTTER_VA_SCREENSHOTS`` (the
``screenshots`` tox environment points it at doc/source/user/screenshots)
or to the fixture's temporary directory.
"""

import ipaddress
import os
import time
import urllib.parse

import fixtures

CHROMIUM = '/usr/bin/chromium'
#: Chromium's flags: headless, and none of its own background traffic
#: (update checks, sync, field trials), which the machine's closed network
#: would refuse.
CHROMIUM_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu',
                  '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync')

DESKTOP = {'width': 1280, 'height': 900}
#: The narrowest phone the storefront is made for.
PHONE = {'width': 360, 'height': 740}

SCREENSHOTS_ENV = 'UTTER_VA_SCREENSHOTS'
TIMEOUT_MS = 30000

# NOTE: what the page may ask for besides http(s): its own blob: URLs (the
# QR code) and data: URLs; neither leaves the machine.
_LOCAL_SCHEMES = ('blob', 'data', 'about')


def is_loopback_url(url):
    """Whether ``url`` stays on this machine (loopback host, or local)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in _LOCAL_SCHEMES:
        return True
    host = (parsed.hostname or '').rstrip('.').lower()
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Browser(fixtures.Fixture):
    """Headless Debian Chromium through Playwright; see the module doc.

    Attributes: ``context`` (the Playwright BrowserContext, with its fresh
    user data directory), ``tmp`` (a temporary directory).
    """

    def _setUp(self):
        if not os.access(CHROMIUM, os.X_OK):
            raise RuntimeError(
                '%s is missing: tools/ensure-services installs Debian\'s '
                'chromium package' % CHROMIUM)
        # NOTE: imported here so that the unit tests, which never start a
        # browser, do not need Playwright importable.
        from playwright import sync_api

        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.external_requests = []
        self.console_errors = []
        playwright = sync_api.sync_playwright().start()
        self.addCleanup(playwright.stop)
        # NOTE: a persistent context is how Playwright takes a user data
        # directory of ours: a fresh one per fixture.
        self.context = playwright.chromium.launch_persistent_context(
            os.path.join(self.tmp, 'user-data'), executable_path=CHROMIUM,
            headless=True, args=list(CHROMIUM_FLAGS), viewport=DESKTOP,
            service_workers='block')
        self.addCleanup(self.context.close)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route('**/*', self._route)
        self.addCleanup(self.check_clean)

    def _route(self, route):
        url = route.request.url
        if is_loopback_url(url):
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort('blockedbyclient')

    def new_page(self, viewport=DESKTOP):
        """A new page of ``viewport`` size, watched for console errors."""
        page = self.context.new_page()
        page.set_viewport_size(viewport)
        page.on('console', lambda message: self._console(page, message))
        page.on('pageerror', lambda error: self.console_errors.append(
            '%s: uncaught %s' % (page.url, error)))
        return page

    def _console(self, page, message):
        if message.type == 'error':
            self.console_errors.append('%s: %s (%s)' % (
                page.url, message.text, message.location.get('url', '')))

    def problems(self):
        """What the pages did wrong so far, as lines; empty when clean."""
        return (['request to a host that is not loopback: %s' % url
                 for url in self.external_requests] +
                ['console error: %s' % line for line in self.console_errors])

    def check_clean(self):
        """Fail if a page reached a non-loopback host or logged an error."""
        problems = self.problems()
        if problems:
            raise AssertionError('the browser saw:\n  ' +
                                 '\n  '.join(problems))

    def check_accessibility(self, page):
        """Run axe-core on ``page``; fail with its report on violations."""
        from axe_playwright_python import sync_playwright as axe

        results = axe.Axe().run(page)
        if results.violations_count:
            raise AssertionError('%s fails the accessibility check:\n%s' % (
                page.url, results.generate_report()))

    def screenshot(self, page, name):
        """Save a full-page PNG of ``page`` as ``<name>.png``; its path."""
        directory = os.environ.get(SCREENSHOTS_ENV) or self.tmp
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, '%s.png' % name)
        page.screenshot(path=path, full_page=True, animations='disabled',
                        caret='hide')
        return path


def wait_true(page, function, arg=None, timeout=180):
    """Wait until ``function`` (JavaScript) is true on ``page``; its value.

    Polled from the test: Playwright's wait_for_function evaluates a
    string in the page, which a strict Content-Security-Policy refuses.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(function, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('never true on %s in %d s: %s' % (
                page.url, timeout, function))
        time.sleep(0.2)


def transfer_size(page):
    """Bytes ``page`` received over the network (Resource Timing)."""
    return page.evaluate(
        "performance.getEntries()"
        ".filter(e => 'transferSize' in e)"
        ".reduce((sum, e) => sum + e.transferSize, 0)")


def decode_qr(png_bytes):
    """The text of the one QR code in a PNG image (zxing-cpp)."""
    import io

    from PIL import Image
    import zxingcpp

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    texts = [barcode.text for barcode in found
             if barcode.format == zxingcpp.BarcodeFormat.QRCode]
    if len(texts) != 1:
        raise AssertionError('expected one QR code, found %d' % len(texts))
    return texts[0]
