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


"""The order's security group and floating IP, on an in-memory Neutron."""

from utter_va.compute import neutron
from utter_va.compute import rules as net_rules
from utter_va.db import named_locks
from utter_va.engine import reconciler
from utter_va import exception
from utter_va.orders import network
from utter_va.orders import reach
from utter_va.tests.unit.orders import test_lifecycle

MARKER = 'utter-va deployment=utter-va order=o-1'


class NetworkTestCase(test_lifecycle.LifecycleTestCase):

    mode = 'floating'

    def setUp(self):
        super().setUp()
        self.flags(mode=self.mode, external_network='public',
                   group='network')
        self.neutron = self.cloud.neutron

    def expire(self):
        """Run o-1's paid time and grace out; its server deleted."""
        self.later(100)
        self.step()
        self.report('SUSPENDED')
        self.later(600)
        self.assertEqual('terminated', self.step())   # delete
        self.later(15)
        return self.step()           # the server is gone: release


class TestFloating(NetworkTestCase):

    def test_group_made_before_the_boot_and_passed_to_it(self):
        self.paid_order()
        self.assertEqual('booting', self.step())
        order = self.order()
        group = self.neutron.groups[order['security_group_id']]
        self.assertEqual(MARKER, group['description'])
        self.assertEqual(['utter-va-deployment:utter-va',
                          'utter-va-order:o-1'], group['tags'])
        self.assertEqual((['tcp:22', 'icmp'], ['any']),
                         self.neutron.rules[group['id']])
        self.assertEqual([group['id']],
                         self.nova.boots[0]['security_groups'])

    def test_active_only_once_the_floating_ip_is_attached(self):
        self.paid_order()
        self.step()
        self.assertEqual('active', self.report('ACTIVE'))
        order = self.order()
        address = self.neutron.floating[order['floating_ip_id']]
        self.assertEqual('port-' + order['server_id'], address['port_id'])
        self.assertEqual(address['floating_ip_address'],
                         order['floating_ip_address'])
        self.assertEqual(MARKER, address['description'])

    def test_no_port_yet_waits(self):
        self.neutron.no_ports = True
        self.paid_order()
        self.step()
        self.assertEqual('booting', self.report('ACTIVE'))
        self.neutron.no_ports = False
        self.later(15)
        self.assertEqual('active', self.step())

    def test_closed_order_removes_both_once_the_server_is_gone(self):
        self.paid_order()
        self.step()
        self.report('ACTIVE')
        group_id = self.order()['security_group_id']
        self.neutron.in_use.add(group_id)
        self.expire()
        # The port still holds the group: removed at the next try.
        self.assertEqual({}, self.neutron.floating)
        self.assertIn(group_id, self.neutron.groups)
        self.neutron.in_use.clear()
        self.later(15)
        self.step()
        self.assertEqual({}, self.neutron.groups)
        order = self.order()
        self.assertIsNone(order['security_group_id'])
        self.assertIsNone(order['floating_ip_id'])
        self.assertIsNone(order['state_deadline'])

    def test_group_made_by_a_dead_engine_is_found_not_made_again(self):
        made = self.neutron.create_security_group(
            'utter-o-1', MARKER, [], ['tcp:22'], ['any'])
        self.paid_order()
        self.step()
        self.assertEqual(made['id'], self.order()['security_group_id'])
        self.assertEqual(1, len(self.neutron.groups))

    def test_floating_ip_of_a_dead_engine_is_found_not_made_again(self):
        made = self.neutron.create_floating_ip('net-public', MARKER, [])
        self.paid_order()
        self.step()
        self.report('ACTIVE')
        self.assertEqual(made['id'], self.order()['floating_ip_id'])
        self.assertEqual(1, len(self.neutron.floating))

    def test_nothing_made_while_another_engine_makes_it(self):
        self.paid_order()
        with named_locks.try_lock('utter-va-network-o-1') as taken:
            self.assertTrue(taken)
            self.step()
        self.assertEqual({}, self.neutron.groups)
        self.assertEqual(0, self.nova.calls['boot'])
        self.later(15)
        self.step()
        self.assertEqual(1, len(self.neutron.groups))

    def test_price_rules_are_the_orders(self):
        self.paid_order(ingress_rules=['tcp:80', 'tcp:443'])
        self.step()
        group_id = self.order()['security_group_id']
        self.assertEqual(['tcp:80', 'tcp:443'],
                         self.neutron.rules[group_id][0])

    def test_neutron_down_retries_then_boots(self):
        self.neutron.unavailable = True
        self.paid_order()
        self.assertRaises(exception.CloudUnavailable, self.step)
        self.assertEqual(0, self.nova.calls['boot'])
        self.neutron.unavailable = False
        self.later(15)
        self.assertEqual('booting', self.step())
        self.assertEqual(1, self.nova.calls['boot'])

    def test_views_split_addresses_and_give_ssh(self):
        self.flags(ssh_users={'cirros': 'cirros'}, group='network')
        self.paid_order()
        self.step()
        self.report('ACTIVE', addresses={'utter-net': [
            {'addr': '10.10.0.5'}, {'addr': 'fd00:10::5'}]})
        order = self.order()
        view = reach.server_view('ACTIVE', order['server_addresses'],
                                 order['floating_ip_address'],
                                 order['image'])
        self.assertEqual({'public': [order['floating_ip_address']],
                          'private': ['10.10.0.5']}, view['ipv4'])
        self.assertEqual({'public': [], 'private': ['fd00:10::5']},
                         view['ipv6'])
        self.assertEqual('ssh cirros@' + order['floating_ip_address'],
                         view['ssh_command'])


class TestReconciler(NetworkTestCase):

    def test_orphans_reported_then_deleted(self):
        self.paid_order()
        self.step()
        self.report('ACTIVE')
        self.expire()
        self.assertEqual({}, self.neutron.groups)
        # What a dead engine left for an order that is over.
        self.neutron.create_security_group(
            'utter-o-2', 'utter-va deployment=utter-va order=o-2', [],
            [], [])
        self.neutron.create_floating_ip(
            'net-public', 'utter-va deployment=utter-va order=o-2', [])
        other = self.neutron.create_security_group(
            'x', 'utter-va deployment=another order=o-3', [], [], [])
        self.assertEqual((0, 2), reconciler.Reconciler(
            self.cloud).reconcile())
        self.assertEqual(2, len(self.neutron.groups))
        self.flags(delete_orphans=True, group='network')
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertEqual({other['id']}, set(self.neutron.groups))
        self.assertEqual({}, self.neutron.floating)

    def test_resources_of_live_orders_are_kept(self):
        self.flags(delete_orphans=True, group='network')
        self.paid_order()
        self.step()
        self.report('ACTIVE')
        reconciler.Reconciler(self.cloud).reconcile()
        self.assertEqual(1, len(self.neutron.groups))
        self.assertEqual(1, len(self.neutron.floating))


class TestProvider(NetworkTestCase):

    mode = 'provider'

    def test_group_but_no_floating_ip_and_own_addresses_public(self):
        self.paid_order()
        self.step()
        self.assertEqual('active', self.report('ACTIVE', addresses={
            'provider': [{'addr': '198.51.100.7'}, {'addr': '2001:db8::7'}]}))
        order = self.order()
        self.assertIsNotNone(order['security_group_id'])
        self.assertEqual({}, self.neutron.floating)
        view = reach.server_view('ACTIVE', order['server_addresses'], None,
                                 order['image'])
        self.assertEqual(['198.51.100.7'], view['ipv4']['public'])
        self.assertEqual(['2001:db8::7'], view['ipv6']['public'])
        self.assertEqual('ssh ubuntu@198.51.100.7', view['ssh_command'])


class TestNone(NetworkTestCase):

    mode = 'none'

    def test_no_neutron_call(self):
        self.paid_order()
        self.step()
        self.assertEqual('active', self.report('ACTIVE'))
        self.assertIsNone(self.nova.boots[0]['security_groups'])
        self.assertEqual({}, {k: v for k, v in self.neutron.calls.items()
                              if v})
        self.assertEqual(0, reconciler.Reconciler(
            self.cloud).reconcile()[1])


class TestRules(test_lifecycle.LifecycleTestCase):

    def test_each_rule_for_both_families_from_anywhere(self):
        bodies = net_rules.neutron_rules(['tcp:22', 'icmp', 'udp:60000-61000'],
                                         'ingress')
        self.assertEqual(6, len(bodies))
        self.assertEqual({'direction': 'ingress', 'ethertype': 'IPv6',
                          'remote_ip_prefix': '::/0',
                          'protocol': 'ipv6-icmp'}, bodies[3])
        self.assertEqual((60000, 61000), (bodies[4]['port_range_min'],
                                          bodies[4]['port_range_max']))
        self.assertTrue(all('remote_group_id' not in b for b in bodies))
        self.assertEqual([{'direction': 'egress', 'ethertype': 'IPv4',
                           'remote_ip_prefix': '0.0.0.0/0'},
                          {'direction': 'egress', 'ethertype': 'IPv6',
                           'remote_ip_prefix': '::/0'}],
                         net_rules.neutron_rules(['any'], 'egress'))

    def test_bad_rules_are_named(self):
        for bad in ('tcp', 'tcp:0', 'tcp:70000', 'tcp:30-20', 'sctp:1',
                    'tcp:22,icmp', ''):
            exc = self.assertRaises(exception.Invalid, net_rules.parse, bad)
            self.assertIn('ingress_rules: ', str(exc))

    def test_marker_names_deployment_and_order(self):
        item = {'description': neutron.marker('d-1', 'o-9')}
        self.assertEqual('o-9', neutron.marked(item, 'd-1'))
        self.assertIsNone(neutron.marked(item, 'd-2'))
        self.assertIsNone(neutron.marked({'description': None}, 'd-1'))


class TestConfigCheck(NetworkTestCase):

    def check(self):
        return network.check_configured()

    def test_floating_needs_an_external_network(self):
        self.check()
        self.flags(external_network=None, group='network')
        self.assertRaises(exception.NetworkMisconfigured, self.check)
        self.flags(mode='none', group='network')
        self.check()

    def test_a_group_needs_a_network(self):
        self.flags(networks=['none'], group='orders')
        self.assertRaises(exception.NetworkMisconfigured, self.check)
        self.flags(mode='none', group='network')
        self.check()

    def test_rules_of_the_options_are_checked(self):
        self.flags(egress_rules=['tcp/22'], group='network')
        error = self.assertRaises(exception.NetworkMisconfigured, self.check)
        self.assertIn('egress_rules', str(error))
