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

"""The network a client speaks from: its /32 (IPv4) or /64 (IPv6).

Caps and rate limits count per network rather than per address, so that a
client holding a whole IPv6 /64 (as most do) is still one client.
"""

import ipaddress

IPV4_PREFIX = 32
IPV6_PREFIX = 64


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
