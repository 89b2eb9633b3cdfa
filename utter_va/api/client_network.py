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

"""Who the client is: its address, and the network it speaks from.

The address is ``REMOTE_ADDR``, unless the peer is one of ``[api]
trusted_proxies``: then it is the right-most address of
``X-Forwarded-For`` that is not a trusted proxy (each proxy appends the
address it received the request from, so everything left of that was
written by the client and proves nothing). A hop that is not an IP address
is refused with 400. The ``Forwarded`` header's ``for`` is never used, and
``X-Forwarded-For`` from a peer that is not a trusted proxy is ignored, so
a client cannot choose its own address.

:class:`ClientAddressMiddleware` runs before oslo.middleware's
http_proxy_to_wsgi (which would copy the whole header into
``REMOTE_ADDR``) and :func:`pin` after it, so that everything below sees
the client's address in ``REMOTE_ADDR``.

Caps and rate limits count per network rather than per address: an IPv4
/32 or an IPv6 /64, so that a client holding a whole IPv6 /64 (as most
do) is still one client.
"""

import ipaddress
import json

from utter_va.api import errors
from utter_va.i18n import _

IPV4_PREFIX = 32
IPV6_PREFIX = 64

#: The environ key of the client's address, as resolved before the proxy
#: headers middleware could rewrite ``REMOTE_ADDR``.
ENVIRON_KEY = 'utter_va.client_address'


class InvalidAddress(ValueError):
    """A hop of X-Forwarded-For that is not an IP address."""


def client_network(address):
    """Return the network of ``address`` as a string, e.g. '2001:db8::/64'.

    An address that cannot be parsed is returned as it is, so that it is
    still counted, as its own network.
    """
    try:
        ip = ipaddress.ip_address((address or '').strip())
    except ValueError:
        return address or 'unknown'
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network('%s/%d' % (ip, prefix), strict=False))


def _address(text):
    """An IP address, or None; an IPv4-mapped IPv6 one as IPv4."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def _hop(text):
    """One hop of X-Forwarded-For: an address, optionally with a port."""
    text = text.strip()
    candidates = [text]
    if text.startswith('[') and ']' in text:
        # [2001:db8::1] or [2001:db8::1]:443
        host, _, port = text[1:].partition(']')
        if not port or (port[0] == ':' and port[1:].isdigit()):
            candidates = [host]
    elif text.count(':') == 1:
        # 192.0.2.1:443
        host, _, port = text.partition(':')
        if port.isdigit():
            candidates = [host]
    ip = _address(candidates[0])
    if ip is None:
        raise InvalidAddress(text)
    return ip


def trusted_networks(proxies):
    """The networks of ``[api] trusted_proxies`` (addresses or CIDRs)."""
    return [ipaddress.ip_network(p.strip(), strict=False)
            for p in proxies or () if p.strip()]


def _trusted(ip, networks):
    return any(ip.version == n.version and ip in n for n in networks)


def client_address(peer, forwarded_for, networks):
    """The client's address (see the module), as a string.

    ``peer`` is ``REMOTE_ADDR``, ``forwarded_for`` the X-Forwarded-For
    header (or None), ``networks`` the trusted proxies' networks. Raises
    InvalidAddress for a hop that is not an IP address.
    """
    peer_ip = _address((peer or '').strip())
    if peer_ip is None or not _trusted(peer_ip, networks):
        return peer
    if not forwarded_for:
        return str(peer_ip)
    hops = forwarded_for.split(',')
    ip = peer_ip
    for hop in reversed(hops):
        ip = _hop(hop)
        if not _trusted(ip, networks):
            return str(ip)
    # NOTE: every hop is a trusted proxy: the left-most one sent it.
    return str(ip)


class ClientAddressMiddleware:
    """Resolve the client's address from the real peer; 400 if forged."""

    def __init__(self, application, conf):
        self.application = application
        self.networks = trusted_networks(conf.api.trusted_proxies)

    def __call__(self, environ, start_response):
        try:
            address = client_address(environ.get('REMOTE_ADDR'),
                                     environ.get('HTTP_X_FORWARDED_FOR'),
                                     self.networks)
        except InvalidAddress as exc:
            body = json.dumps(errors.error_body(400, _(
                'X-Forwarded-For: %r is not an IP address.') %
                str(exc)[:64])).encode()
            start_response('400 Bad Request', [
                ('Content-Type', 'application/json'),
                ('Content-Length', str(len(body)))])
            return [body]
        environ[ENVIRON_KEY] = address
        return self.application(environ, start_response)


def pin(application):
    """Wrap ``application`` so that it sees the resolved client address.

    Placed inside http_proxy_to_wsgi, which may have set ``REMOTE_ADDR``
    to whatever X-Forwarded-For or Forwarded said.
    """
    def pinned(environ, start_response):
        if ENVIRON_KEY in environ:
            environ['REMOTE_ADDR'] = environ[ENVIRON_KEY]
        return application(environ, start_response)
    return pinned
