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


"""Which image URLs buyers may give, checked as callback URLs are.

:func:`check` refuses, with a 400 naming ``image_url``, a URL whose scheme
``[images] url_schemes`` does not list, whose host ``[images]
allowed_hosts`` (when set) does not name, or whose host resolves to any
address that is not public (see :func:`utter_va.common.callback_urls.
is_public`), unless ``[images] allow_private``. The API checks when the
order is placed and the engine again just before Glance is asked to
fetch it; Glance's own import filtering is the guard at the moment of the
download (doc/source/admin/networking.rst).
"""

import re
import urllib.parse

from utter_va.common import callback_urls
from utter_va import conf
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF

#: The checksum algorithms a buyer may give, and their digests' lengths.
ALGORITHMS = {'sha256': 64, 'sha512': 128}
_CHECKSUM = re.compile(r'^(sha256|sha512):([0-9a-f]+)$')


class UnsafeImageURL(exception.Invalid):
    """An image URL utter-va will not have Glance fetch."""

    msg_fmt = _('image_url: %(reason)s')


class InvalidChecksum(exception.Invalid):
    """An image checksum that is not sha256:<hex> or sha512:<hex>."""

    msg_fmt = _('image_checksum: %(reason)s')


def host_allowed(hostname, allowed):
    """Whether ``allowed`` names ``hostname`` (or a domain it is in)."""
    hostname = hostname.lower().rstrip('.')
    for entry in allowed:
        entry = entry.lower().rstrip('.')
        if entry.startswith('.'):
            if hostname.endswith(entry) or hostname == entry[1:]:
                return True
        elif hostname == entry:
            return True
    return False


def check(url):
    """Refuse an image URL Glance must not fetch; return it."""
    try:
        target = callback_urls.parse(url)
        if target.scheme not in CONF.images.url_schemes:
            raise UnsafeImageURL(reason=_('the URL must start with %s://') %
                                 ' or '.join(CONF.images.url_schemes))
        if CONF.images.allowed_hosts and not host_allowed(
                target.hostname, CONF.images.allowed_hosts):
            raise UnsafeImageURL(reason=_(
                'images are taken from %s only') %
                ', '.join(CONF.images.allowed_hosts))
        callback_urls.check_url(url, resolve=not CONF.images.allow_private,
                                allow_private=CONF.images.allow_private)
    except callback_urls.UnsafeURL as exc:
        raise UnsafeImageURL(reason=exc.kwargs['reason'])
    return url


def display_name(url):
    """What an order shows as its image: the URL's last path part."""
    path = urllib.parse.urlsplit(url).path.rstrip('/')
    return (path.rpartition('/')[2] or urllib.parse.urlsplit(
        url).hostname or url)[:255]


def parse_checksum(value):
    """(algorithm, hex digest) of "sha256:<hex>" or "sha512:<hex>"."""
    match = _CHECKSUM.match((value or '').strip().lower())
    if not match or len(match.group(2)) != ALGORITHMS[match.group(1)]:
        raise InvalidChecksum(reason=_(
            'give sha256:<64 hex digits> or sha512:<128 hex digits>'))
    return match.group(1), match.group(2)
