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


"""How a buyer reaches an order's server: its addresses, and ssh.

The addresses Nova reports are split by family (IPv4, IPv6) and by reach:
in ``[network] mode`` floating, the server's own addresses are private and
its floating IP public; in provider mode its own addresses are public; in
mode none, an address is public unless it is of a private range. The
buyer's view adds a ready ssh command line for the image's default user
(``[network] ssh_users``, else ``default_ssh_user``) at the first public
address, IPv4 first.
"""

import ipaddress

from utter_va import conf
from utter_va.conf import network as net_conf

CONF = conf.CONF


def _family(address):
    try:
        return 'ipv%d' % ipaddress.ip_address(address).version
    except ValueError:
        return None


def _public(address):
    mode = CONF.network.mode
    if mode == net_conf.PROVIDER:
        return True
    if mode == net_conf.FLOATING:
        return False
    return not ipaddress.ip_address(address).is_private


def split(server_addresses, floating_ip_address=None):
    """{'ipv4': {'public': [...], 'private': [...]}, 'ipv6': {...}}."""
    view = {family: {'public': [], 'private': []}
            for family in ('ipv4', 'ipv6')}
    seen = set()
    if floating_ip_address and _family(floating_ip_address):
        view[_family(floating_ip_address)]['public'].append(
            floating_ip_address)
        seen.add(floating_ip_address)
    for addresses in (server_addresses or {}).values():
        for address in addresses or ():
            family = _family(address or '')
            if family is None or address in seen:
                continue
            seen.add(address)
            reach = 'public' if _public(address) else 'private'
            view[family][reach].append(address)
    return view


def ssh_user(image):
    """The default user of an image, as the operator configured it."""
    return CONF.network.ssh_users.get(image) or CONF.network.default_ssh_user


def ssh_command(split_view, image):
    """``ssh user@address`` at the first public address, or None."""
    for family in ('ipv4', 'ipv6'):
        public = split_view[family]['public']
        if public:
            return 'ssh %s@%s' % (ssh_user(image), public[0])
    return None


def server_view(status, server_addresses, floating_ip_address, image):
    """The ``server`` of the order views and callbacks.

    ``addresses`` stays as before ({network: [address, ...]}); ``ipv4``
    and ``ipv6`` add the split, ``ssh_command`` the ssh line.
    """
    view = {'status': status, 'addresses': server_addresses or {}}
    view.update(split(server_addresses, floating_ip_address))
    view['ssh_command'] = ssh_command(view, image)
    return view
