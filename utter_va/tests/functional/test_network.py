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


"""Each order's own security group and floating IP, in minicloud's Neutron.

utter-va-api and utter-va-engine run in floating mode on minicloud's
tenant network ``utter-net``, with floating IPs from ``public`` (Neutron's
L3 plugin, no agent; ports bound by minicloud's ML2 driver). The test
reads what Neutron itself holds: groups, rules, ports, floating IPs.
"""

import os
import time

from utter_va.common import order_token
from utter_va.db import api as db_api
from utter_va.orders import closing
from utter_va.orders import ledger
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_lifecycle

WAIT = test_lifecycle.WAIT
#: The rules of the default offer, as Neutron shows them.
DEFAULT_RULES = {
    ('ingress', 'IPv4', 'tcp', 22, 22, '0.0.0.0/0'),
    ('ingress', 'IPv6', 'tcp', 22, 22, '::/0'),
    ('ingress', 'IPv4', 'icmp', None, None, '0.0.0.0/0'),
    ('ingress', 'IPv6', 'ipv6-icmp', None, None, '::/0'),
    ('egress', 'IPv4', None, None, None, '0.0.0.0/0'),
    ('egress', 'IPv6', None, None, None, '::/0'),
}


class NetworkCloudTestCase(test_lifecycle.LifecycleCloudTestCase):
    """A floating-mode deployment, and Neutron as its admin sees it."""

    OPTIONS = {
        'network': {'mode': 'floating', 'external_network': 'public',
                    'delete_orphans': 'true', 'ssh_users': 'cirros:cirros'},
        # NOTE: utter-net is the only network the service project sees.
        'orders': dict(test_lifecycle.LifecycleCloudTestCase.ORDERS,
                       networks='auto', reconcile_interval=10),
    }

    def setUp(self):
        super().setUp()
        self.session = self.d.cloud.session()

    def neutron(self, path, method='GET'):
        response = self.session.request(
            '/v2.0/' + path, method,
            endpoint_filter={'service_type': 'network',
                             'interface': 'public'})
        return response.json() if response.content else None

    def marked(self, kind, order_id):
        """Neutron's ``kind`` (security-groups, floatingips) of an order."""
        key = kind.replace('-', '_')
        return self.neutron('%s?description=utter-va deployment=%s order=%s'
                            % (kind, self.d.deployment_id, order_id))[key]

    def rules(self, group_id):
        return {(r['direction'], r['ethertype'], r['protocol'],
                 r['port_range_min'], r['port_range_max'],
                 r['remote_ip_prefix'])
                for r in self.neutron('security-group-rules?'
                                      'security_group_id=' + group_id)[
                    'security_group_rules']}

    def port_of(self, server_id):
        return self.neutron('ports?device_id=' + server_id)['ports'][0]


class TestOrdersOwnGroupAndAddress(NetworkCloudTestCase):

    def test_two_orders_each_their_group_and_floating_ip(self):
        self.d.start_api()
        self.d.start_engine()
        tokens = {}
        for _ in range(2):
            token = order_token.new()
            order_id = self.place(image='cirros',
                                  token_hash=order_token.digest(token))
            tokens[order_id] = token
        started = time.monotonic()
        for order_id in tokens:
            ledger.simulate_payment(order_id, 40)
        orders = {}
        for order_id in tokens:
            orders[order_id] = self.wait_order(order_id, 'active')
        elapsed = time.monotonic() - started
        test_lifecycle.say('2 orders: paid to ACTIVE with a floating IP '
                           'attached in %.1fs' % elapsed)
        groups = {}
        for order_id, order in orders.items():
            found = self.marked('security-groups', order_id)
            self.assertEqual([order['security_group_id']],
                             [g['id'] for g in found])
            groups[order_id] = found[0]['id']
            self.assertEqual(DEFAULT_RULES, self.rules(found[0]['id']))
            rules = self.neutron('security-group-rules?security_group_id='
                                 + found[0]['id'])['security_group_rules']
            self.assertEqual([None] * 6,
                             [r['remote_group_id'] for r in rules])
            port = self.port_of(order['server_id'])
            self.assertEqual([found[0]['id']], port['security_groups'])
            self.assertTrue(port['port_security_enabled'])
            address = self.marked('floatingips', order_id)
            self.assertEqual([order['floating_ip_id']],
                             [a['id'] for a in address])
            self.assertEqual(port['id'], address[0]['port_id'])
            status, view = self.d.request(
                'GET', '/v1/orders/' + order_id,
                headers={'X-Order-Token': tokens[order_id]})
            self.assertEqual(200, status, view)
            fip = address[0]['floating_ip_address']
            self.assertEqual([fip], view['server']['ipv4']['public'])
            fixed = {ip['ip_address'] for ip in port['fixed_ips']}
            self.assertEqual(fixed, set(view['server']['ipv4']['private'] +
                                        view['server']['ipv6']['private']))
            self.assertEqual('ssh cirros@' + fip,
                             view['server']['ssh_command'])
            self.assertIn('addresses', view['server'])
        self.assertNotEqual(*groups.values())
        for order_id in tokens:
            self.wait_order(order_id, 'terminated', timeout=WAIT)
        ft_fixtures.wait_for(
            lambda: not any(self.marked('security-groups', o) or
                            self.marked('floatingips', o)
                            for o in tokens), WAIT,
            'security groups or floating IPs left after the orders')
        for order_id in tokens:
            order = db_api.order_get(order_id)
            self.assertIsNone(order['security_group_id'])
            self.assertIsNone(order['floating_ip_id'])


class TestKilledBetweenMakingAndRecording(NetworkCloudTestCase):

    def test_floating_ip_found_again_not_made_twice(self):
        engine, marker = self.crash('after_floating_ip_made')
        order_id = self.place(image='cirros')
        ledger.simulate_payment(order_id, 600)
        self.restart_after(engine, marker, 'after_floating_ip_made')
        order = self.wait_order(order_id, 'active')
        self.assertEqual([order['floating_ip_id']],
                         [a['id'] for a in self.marked('floatingips',
                                                       order_id)])

    def test_group_of_an_order_closed_meanwhile_removed_by_reconciler(self):
        engine, marker = self.crash('after_security_group_made')
        order_id = self.place(image='cirros')
        ledger.simulate_payment(order_id, 600)
        ft_fixtures.wait_for(lambda: os.path.exists(marker),
                             WAIT, 'the engine never made the group')
        engine.kill()
        self.assertEqual(1, len(self.marked('security-groups', order_id)))
        self.assertIsNone(db_api.order_get(order_id)['security_group_id'])
        # The operator cancels the order while no engine runs.
        closing.close_by_operator(order_id, 'cancelled', actor='test')
        started = time.monotonic()
        self.d.start_engine(name='restarted')
        ft_fixtures.wait_for(
            lambda: not self.marked('security-groups', order_id), WAIT,
            'the reconciler never removed the orphan group')
        test_lifecycle.say('orphan group removed %.1fs after the restart'
                           % (time.monotonic() - started))
        self.assertIn('belongs to no live order',
                      self.d.log('restarted'))
