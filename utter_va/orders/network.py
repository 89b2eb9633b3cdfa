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


"""The Neutron resources of orders: a security group, a floating IP.

In ``[network] mode`` provider or floating, each order gets a security
group of its own before its boot: inbound only its price's rules (or
``[network] default_ingress_rules``), outbound ``[network] egress_rules``,
and no rule naming a remote group, so no other buyer's server is let in
for being a server of this cloud. In floating mode the order's server
also gets a floating IP of ``[network] external_network`` once its port
exists, before the order is ACTIVE. Both are removed once the order is
closed and its server deleted.

Every such resource is described with the deployment and order (see
:func:`utter_va.compute.neutron.marker`) in the request that creates it,
and is looked for by that description before one is made: an engine
killed between creating one and recording it leaves the order to find it
again, or, once the order is over, the reconciler to remove it.
"""

import collections

from oslo_log import log

from utter_va.compute import neutron
from utter_va.compute import rules as net_rules
from utter_va import conf
from utter_va.conf import network as net_conf
from utter_va import exception
from utter_va.i18n import _
from utter_va.orders import servers

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: What the network steps need of an order, taken while it was locked.
NetRequest = collections.namedtuple(
    'NetRequest', ['ingress_rules', 'security_group_id', 'floating_ip_id'])


def mode():
    """``[network] mode``."""
    return CONF.network.mode


def wants_group():
    """Whether each order gets a security group of its own."""
    return mode() in (net_conf.PROVIDER, net_conf.FLOATING)


def wants_floating_ip():
    """Whether each order's server gets a floating IP."""
    return mode() == net_conf.FLOATING


def check_configured():
    """Raise NetworkMisconfigured for options that cannot work together.

    Checked when the engine starts, so that a wrong setting is said at
    once rather than as the first paid order's failed boot.
    """
    if wants_floating_ip() and not CONF.network.external_network:
        raise exception.NetworkMisconfigured(reason=_(
            'mode floating needs external_network'))
    if wants_group() and CONF.orders.networks == ['none']:
        raise exception.NetworkMisconfigured(reason=_(
            'mode %s needs a network: [orders] networks is none') % mode())
    for option in ('default_ingress_rules', 'egress_rules'):
        try:
            net_rules.validate(getattr(CONF.network, option))
        except exception.Invalid as exc:
            raise exception.NetworkMisconfigured(reason='%s: %s' % (
                option, exc.kwargs['reason']))


def request(order):
    """The NetRequest of a locked order."""
    return NetRequest(order.ingress_rules, order.security_group_id,
                      order.floating_ip_id)


def ingress_rules(rules):
    """An order's ingress rules: its price's, or (none) the default."""
    return rules or CONF.network.default_ingress_rules


def _marker(order_id):
    return neutron.marker(CONF.orders.deployment_id, order_id)


def _tags(order_id):
    return neutron.tags(CONF.orders.deployment_id, order_id)


def make_group(order_id, rules, cloud):
    """The id of the order's security group, made unless it exists."""
    found = cloud.neutron.security_groups(_marker(order_id))
    if found:
        LOG.info('Order %s: security group %s found', order_id,
                 found[0]['id'])
        return found[0]['id']
    group = cloud.neutron.create_security_group(
        servers.name(order_id), _marker(order_id), _tags(order_id),
        ingress_rules(rules), CONF.network.egress_rules)
    LOG.info('Order %s: security group %s made', order_id, group['id'])
    return group['id']


def attach_address(order_id, server_id, cloud, crash_point=None):
    """Give the order's server its floating IP; return its view.

    The floating IP of the order is found (or allocated) and attached to
    the server's port. Returns None while the server has no port yet.
    """
    port = cloud.neutron.server_port(server_id)
    if port is None:
        return None
    found = cloud.neutron.floating_ips(_marker(order_id))
    if found:
        address = found[0]
    else:
        network_id = cloud.neutron.network_id(CONF.network.external_network)
        address = cloud.neutron.create_floating_ip(
            network_id, _marker(order_id), _tags(order_id))
        if crash_point:
            crash_point()
    if address['port_id'] != port['id']:
        address = cloud.neutron.attach_floating_ip(address['id'], port['id'])
    LOG.info('Order %s: floating IP %s on port %s', order_id,
             address['floating_ip_address'], port['id'])
    return address


def release(order_id, cloud):
    """Remove the order's floating IP and security group.

    Returns True once both are gone; False while the security group is
    still in use (the server's port is on its way out).
    """
    for address in cloud.neutron.floating_ips(_marker(order_id)):
        cloud.neutron.delete_floating_ip(address['id'])
    gone = True
    for group in cloud.neutron.security_groups(_marker(order_id)):
        gone = cloud.neutron.delete_security_group(group['id']) and gone
    if gone:
        LOG.info('Order %s: security group and floating IP removed',
                 order_id)
    return gone


def orphans(cloud, live):
    """The deployment's resources of no order in ``live``.

    ``live(order_ids)`` returns those of the ids whose resources are still
    wanted. Returns [(kind, view, order id)].
    """
    deployment = CONF.orders.deployment_id
    marked = []
    for kind, listing in (('floating IP', cloud.neutron.floating_ips),
                          ('security group', cloud.neutron.security_groups)):
        for item in listing():
            order_id = neutron.marked(item, deployment)
            if order_id:
                marked.append((kind, item, order_id))
    wanted = live({order_id for _, _, order_id in marked})
    return [entry for entry in marked if entry[2] not in wanted]


def remove(kind, item, cloud):
    """Delete one orphan of :func:`orphans`."""
    if kind == 'floating IP':
        cloud.neutron.delete_floating_ip(item['id'])
    else:
        cloud.neutron.delete_security_group(item['id'])
