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

"""Which callback URLs the engine calls, and at which addresses.

One check serves the API, when an order is placed, and the sender, before
every delivery: :func:`check_url` parses the URL (http or https, a host,
a port from 1 to 65535, no user information, no control characters),
resolves its host once and refuses it unless every address is public. An
address is public only if it is global and, when it carries an IPv4
address (IPv4-mapped, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``), that
one is global too; IPv4-compatible ``::/96`` and local-use NAT64
``64:ff9b:1::/48`` addresses are never public. The sender then connects
to the addresses this check returned and to no other, so a name that
resolves differently a moment later (DNS rebinding) changes nothing.
"""

import collections
import ipaddress
import socket
import urllib.parse

from utter_va import conf
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF

NAT64 = ipaddress.ip_network('64:ff9b::/96')
NEVER_PUBLIC = (ipaddress.ip_network('::/96'),
                ipaddress.ip_network('64:ff9b:1::/48'))

#: A checked callback URL: what to connect to and what to ask for.
Target = collections.namedtuple(
    'Target', ['scheme', 'hostname', 'port', 'host_header', 'path',
               'addresses'])


class UnsafeURL(exception.Invalid):
    """A callback URL utter-va refuses to call."""

    msg_fmt = _('callback_url: %(reason)s')


class Unresolvable(UnsafeURL):
    """A callback URL whose host name does not resolve (for now)."""


def embedded_ipv4(address):
    """The IPv4 address an IPv6 address carries, or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xffffffff)
    return None


def is_public(address):
    """Whether ``address`` (an ipaddress object) is public, in every form."""
    if address.version == 6 and any(address in n for n in NEVER_PUBLIC):
        return False
    inner = embedded_ipv4(address)
    if inner is not None and not inner.is_global:
        return False
    return address.is_global


def parse(url):
    """Check the form of ``url``; return its Target, with no addresses."""
    if not isinstance(url, str) or any(
            ord(c) < 0x21 or ord(c) == 0x7f for c in url):
        raise UnsafeURL(reason=_('not a URL'))
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ('http', 'https'):
        raise UnsafeURL(reason=_('not an http(s) URL'))
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(reason=_('no user information allowed'))
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or not parts.hostname:
        raise UnsafeURL(reason=_('a host and a port from 1 to 65535 are '
                                 'needed'))
    default_port = 443 if parts.scheme == 'https' else 80
    try:
        hostname = parts.hostname.encode('idna').decode('ascii')
    except UnicodeError:
        raise UnsafeURL(reason=_('the host name is not valid'))
    literal = ':' in hostname
    host_header = '[%s]' % hostname if literal else hostname
    if port not in (None, default_port):
        host_header += ':%d' % port
    path = parts.path or '/'
    if parts.query:
        path += '?' + parts.query
    if not path.isascii():
        raise UnsafeURL(reason=_('the path must be ASCII (percent-encode '
                                 'it)'))
    return Target(parts.scheme, hostname, port or default_port, host_header,
                  path, ())


def check_url(url, resolve=True, allow_private=None):
    """Check ``url`` and resolve its host once; return its Target.

    Raises UnsafeURL for a URL of the wrong form or one with an address
    that is not public (unless ``allow_private``, by default ``[orders]
    callback_allow_private``), and Unresolvable, a kind of UnsafeURL, when
    the host does not resolve.
    """
    if allow_private is None:
        allow_private = CONF.orders.callback_allow_private
    target = parse(url)
    if not resolve:
        return target
    try:
        infos = socket.getaddrinfo(target.hostname, target.port,
                                   type=socket.SOCK_STREAM,
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(reason=_('cannot resolve %(host)s: %(error)s') % {
            'host': target.hostname, 'error': exc})
    addresses = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].partition('%')[0])
        if not allow_private and not is_public(address):
            raise UnsafeURL(reason=_(
                '%(host)s resolves to %(address)s, which is not public') % {
                'host': target.hostname, 'address': address})
        if (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    return target._replace(addresses=tuple(addresses))


def check_placed(url):
    """Refuse, with a 400 naming callback_url, what the sender would refuse.

    A name that does not resolve now is accepted: the sender resolves and
    checks it again before each delivery.
    """
    if url is None:
        return
    try:
        check_url(url, resolve=not CONF.orders.callback_allow_private)
    except Unresolvable:
        pass
