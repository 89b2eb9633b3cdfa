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


"""[network]: how the servers sold are reached, and who may reach them.

``mode`` chooses what utter-va does in Neutron for each order:

* ``none``: nothing; servers boot on ``[orders] networks`` with the
  project's default security group (utter-va before this group existed);
* ``provider``: a security group of the order's own, on a network whose
  addresses are public (the server's own addresses are reported public);
* ``floating``: a security group of the order's own, on a tenant network,
  and a floating IP of ``external_network`` attached to the server's port.
"""

from oslo_config import cfg

NONE = 'none'
PROVIDER = 'provider'
FLOATING = 'floating'

GROUP = cfg.OptGroup('network', help='What utter-va makes in Neutron for '
                                     'each order: its security group and '
                                     'its public address.')

network_opts = [
    cfg.StrOpt('mode',
               default=NONE,
               choices=[(NONE, 'Nothing in Neutron: servers boot on '
                               '[orders] networks with the default '
                               'security group, which lets the servers of '
                               'all buyers reach each other.'),
                        (PROVIDER, 'A security group per order; the '
                                   'servers\' own addresses are public.'),
                        (FLOATING, 'A security group and a floating IP of '
                                   'external_network per order.')],
               help='What utter-va makes in Neutron for each order.'),
    cfg.StrOpt('external_network',
               help='Name or id of the external network floating IPs are '
                    'allocated from (mode floating). The servers\' network '
                    '([orders] networks) needs a router to it.'),
    cfg.ListOpt('default_ingress_rules',
                default=['tcp:22', 'icmp'],
                help='What reaches a server from anywhere, for prices that '
                     'set no ingress_rules of their own: "tcp:PORT", '
                     '"tcp:FIRST-LAST", "udp:PORT", "udp:FIRST-LAST", '
                     '"icmp", or "any"; each for IPv4 and IPv6.'),
    cfg.ListOpt('egress_rules',
                default=['any'],
                help='What a server may reach, in the syntax of '
                     'default_ingress_rules ("any": everything; empty: '
                     'nothing).'),
    cfg.StrOpt('default_ssh_user',
               default='ubuntu',
               help='The user of the ssh command line shown to the buyer, '
                    'for images ssh_users does not name.'),
    cfg.DictOpt('ssh_users',
                default={},
                help='The default user of each image, as image:user pairs '
                     '(the image as buyers name it), for the ssh command '
                     'line shown to the buyer.'),
    cfg.BoolOpt('delete_orphans',
                default=False,
                help='Delete security groups and floating IPs tagged with '
                     'this deployment\'s id that belong to no live order. '
                     'Off, the reconciler only reports them.'),
]


def register_opts(conf):
    conf.register_group(GROUP)
    conf.register_opts(network_opts, group=GROUP)


def list_opts():
    return {GROUP: network_opts}
