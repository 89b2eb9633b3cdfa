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

"""The LNURL-pay protocol: LNURL encoding, metadata and its hash.

* LUD-01: an LNURL is the bech32 encoding (human-readable part ``lnurl``,
  no 90-character limit) of the UTF-8 bytes of a URL; uppercase for QR
  codes.
* LUD-06: the first answer carries ``metadata``, a JSON array of arrays
  sent as a string; the invoice of the callback commits to
  ``sha256(metadata as UTF-8)`` as its description hash.
* LUD-16: a Lightning address ``<username>@<domain>`` (username of
  ``a-z0-9-_.``) is paid through ``https://<domain>/.well-known/lnurlp/
  <username>``; the metadata then holds a ``text/identifier`` entry.
"""

import hashlib
import json
import re
import urllib.parse

import bech32

from utter_va import exception
from utter_va.i18n import _

HRP = 'lnurl'
#: The purpose of the payment requests an LNURL-pay callback makes.
PURPOSE = 'lnurl'
TAG = 'payRequest'
ERROR = 'ERROR'
WELL_KNOWN = '/.well-known/lnurlp/'
_USERNAME = re.compile(r'^[a-z0-9._-]+$')


def encode(url):
    """The LNURL of ``url``, in uppercase (as QR codes want it)."""
    data = bech32.convertbits(url.encode('utf-8'), 8, 5)
    return bech32.bech32_encode(HRP, data).upper()


def decode(lnurl):
    """The URL an LNURL encodes; raises Invalid for anything else."""
    hrp, data = bech32.bech32_decode(lnurl.strip())
    raw = bech32.convertbits(data, 5, 8, False) if data else None
    if hrp != HRP or raw is None:
        raise exception.Invalid(reason=_('lnurl: not a bech32 LNURL'))
    return bytes(raw).decode('utf-8')


def metadata(description, identifier=None):
    """The metadata string: ``text/plain``, and ``text/identifier``."""
    entries = [['text/plain', description]]
    if identifier:
        entries.append(['text/identifier', identifier])
    return json.dumps(entries, ensure_ascii=False, separators=(',', ':'))


def description_hash(metadata_string):
    """The 32 bytes an invoice of this metadata must commit to."""
    return hashlib.sha256(metadata_string.encode('utf-8')).digest()


def error(reason):
    """An LNURL error answer."""
    return {'status': ERROR, 'reason': reason}


def address_domain(base_url):
    """The domain of Lightning addresses under ``base_url``, or None.

    A wallet turns ``user@domain`` into ``https://domain/.well-known/
    lnurlp/user`` (plain http only for an onion domain), so an address is
    given only when that URL reaches ``base_url``: https (or http to an
    .onion host), no port, no path.
    """
    parts = urllib.parse.urlsplit(base_url)
    host = (parts.hostname or '').lower()
    onion = host.endswith('.onion')
    if parts.scheme != ('http' if onion else 'https'):
        return None
    if not host or parts.port is not None or parts.path.strip('/'):
        return None
    return host


def address(username, domain):
    """The Lightning address of ``username`` at ``domain``."""
    if not _USERNAME.match(username):
        raise exception.Invalid(reason=_(
            'username: only a-z, 0-9, "-", "_" and "." are allowed'))
    return '%s@%s' % (username, domain)
