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


"""Security group rules as the operator writes them, and as Neutron takes
them.

A rule is ``tcp:PORT``, ``tcp:FIRST-LAST``, ``udp:PORT``,
``udp:FIRST-LAST``, ``icmp`` or ``any``; each one stands for a Neutron rule
for IPv4 (from 0.0.0.0/0) and one for IPv6 (from ::/0). None names a
remote group: a rule never admits "the servers of some group", so no
buyer's server is let in for being another buyer's.
"""

import re

from utter_va import exception
from utter_va.i18n import _

_PORTS = re.compile(r'^(tcp|udp):([0-9]{1,5})(?:-([0-9]{1,5}))?$')
_ANYWHERE = {'IPv4': '0.0.0.0/0', 'IPv6': '::/0'}
_ICMP = {'IPv4': 'icmp', 'IPv6': 'ipv6-icmp'}


def parse(rule):
    """Return (protocol or None, first port, last port) of one rule.

    Raises Invalid naming the rule when it is not one of the forms above.
    """
    text = rule.strip().lower()
    if text == 'any':
        return None, None, None
    if text == 'icmp':
        return 'icmp', None, None
    match = _PORTS.match(text)
    if match:
        first = int(match.group(2))
        last = int(match.group(3) or first)
        if 1 <= first <= last <= 65535:
            return match.group(1), first, last
    raise exception.Invalid(reason=_(
        'ingress_rules: %s is not tcp:PORT, tcp:FIRST-LAST, udp:PORT, '
        'udp:FIRST-LAST, icmp or any') % rule)


def validate(rules):
    """Raise Invalid naming the first rule of ``rules`` that is not one."""
    for rule in rules:
        parse(rule)


def neutron_rules(rules, direction):
    """The Neutron rule bodies of ``rules`` ('ingress' or 'egress')."""
    bodies = []
    for rule in rules:
        protocol, first, last = parse(rule)
        for ethertype, prefix in _ANYWHERE.items():
            body = {'direction': direction, 'ethertype': ethertype,
                    'remote_ip_prefix': prefix}
            if protocol == 'icmp':
                body['protocol'] = _ICMP[ethertype]
            elif protocol:
                body.update(protocol=protocol, port_range_min=first,
                            port_range_max=last)
            bodies.append(body)
    return bodies
