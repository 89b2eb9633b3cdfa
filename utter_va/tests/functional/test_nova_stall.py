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

"""A stalled Nova never holds up a payment: the ledger commits regardless.

utter-va-api and utter-va-engine run against minicloud with the btcpay
driver and its local Greenfield server (as in test_api). An order is paid
for a few seconds; its server becomes ACTIVE; just before the paid time
runs out the test stops every nova-api process (SIGSTOP of the gunicorn
master and workers, nothing else of the cloud), so that the engine's
suspend gets no answer. While Nova is stopped the buyer pays a top-up
(asked for just before) and BTCPay's signed webhook for that payment must
be answered, i.e. the ledger must have committed, within one second. Then
nova-api continues (SIGCONT, also in a cleanup registered before the
SIGSTOP: the cloud is shared by every functional test) and the order must
converge: ``active``, its server resumed and ACTIVE in Nova.
"""

import os
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from novaclient import client as nova_client
from novaclient import exceptions as nova_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils

from utter_va.db import api as db_api
from utter_va.tests.functional import fixtures as ft_fixtures
from utter_va.tests.functional import test_api

SATS_PER_HOUR = 3600  # one sat buys one second
PAID_SECONDS = 20
#: nova-api is stopped this long before the paid time runs out.
STOP_LEAD = 2
#: The most a webhook may take to be answered while Nova is stopped.
COMMIT_WITHIN = 1.0
#: How long the test waits for that answer at all.
WEBHOOK_TIMEOUT = 15
WAIT = 120


def btc(sats):
    """A BTC amount as BTCPay writes it, e.g. '0.00000020'."""
    return '%d.%08d' % divmod(sats, 100_000_000)


class NovaStallTestCase(test_api.ApiTestBase):
    """A btcpay deployment with paid times of seconds, and nova-api to stop.

    The engine sweeps every second and suspends a server whose paid time
    is over; the grace period is long enough that no order is deleted
    during a test. The payment poll and the reconciler are made rare so
    that, while Nova is stopped, only the engine's suspend waits for it
    and only the webhook records the payment.
    """

    def setUp(self):
        super().setUp(
            orders={'sweep_interval': 1, 'grace_period': 600,
                    'boot_settle_time': 5, 'action_retry_interval': 3,
                    'boot_timeout': 120, 'reconcile_interval': 600,
                    'payment_poll_interval': 600, 'publish_interval': 1},
            payment={'minimum_purchase_seconds': 1})
        # NOTE: nova-api drops the keep-alive connections that outlived
        # its keepalive while it was stopped: retry what finds one.
        self.nova = nova_client.Client('2.79', session=ks_session.Session(
            auth=v3.Password(**self.d.cloud.auth('minicloud-admin')),
            connect_retries=3))
        utter = self.d.cloud.session('minicloud-utter')
        # NOTE: as test_lifecycle: minicloud's default quotas allow 10
        # instances to the service project on a shared cloud.
        self.nova.quotas.update(utter.get_project_id(), instances=-1,
                                cores=-1, ram=-1)
        self.flavor = self.nova.flavors.create(
            'stall-%s' % uuidutils.generate_uuid()[:8], ram=64, vcpus=1,
            disk=1)
        self.addCleanup(self.flavor.delete)
        self.addCleanup(self.delete_servers)
        self.nova_port = urllib.parse.urlsplit(
            self.d.cloud.values['nova_url']).port
        self.admin = self.d.token('minicloud-admin')

    # nova-api, stopped and continued -------------------------------------

    def nova_api_group(self):
        """The process group of nova-api: its gunicorn master's pid.

        minicloud starts each service in a session of its own, so the
        master leads a group that holds it and its workers, and only them.
        """
        path = os.path.join(self.d.cloud.state_dir, 'pids', 'nova-api.pid')
        with open(path) as f:
            master = int(f.read().strip())
        self.assertEqual(master, os.getpgid(master),
                         'nova-api (pid %d) leads no process group' % master)
        return master

    def nova_api_states(self):
        """{pid: state letter of /proc/<pid>/stat} of nova-api's group."""
        group = self.nova_api_group()
        states = {}
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % entry) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == group:  # the process group
                states[int(entry)] = fields[0]
        return states

    def stop_nova_api(self):
        os.killpg(self.nova_api_group(), signal.SIGSTOP)
        ft_fixtures.wait_for(
            lambda: set(self.nova_api_states().values()) == {'T'}, 10,
            'nova-api did not stop: %s' % self.nova_api_states())

    def continue_nova_api(self):
        os.killpg(self.nova_api_group(), signal.SIGCONT)

    def requests_waiting_at_nova(self):
        """Bytes received on nova-api's port and read by nobody yet."""
        waiting = 0
        with open('/proc/net/tcp') as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                port = int(fields[1].split(':')[1], 16)
                if port == self.nova_port:
                    waiting += int(fields[4].split(':')[1], 16)
        return waiting

    # Nova and the order ---------------------------------------------------

    def delete_servers(self):
        for server in self.nova.servers.list(
                search_opts={'all_tenants': 1, 'name': '^utter-'}, limit=-1):
            if server.metadata.get(
                    'utter_va_deployment') == self.d.deployment_id:
                try:
                    server.delete()
                except nova_exc.NotFound:
                    pass

    def nova_server(self, server_id):
        try:
            return self.nova.servers.get(server_id)
        except nova_exc.NotFound:
            return None

    def show(self, order_id, token):
        status, shown = self.d.request(
            'GET', '/v1/orders/%s' % order_id,
            headers={'X-Order-Token': token})
        self.assertEqual(200, status, shown)
        return shown

    def operator_view(self, order_id):
        return self.d.request('GET', '/v1/orders/%s' % order_id,
                              token=self.admin)[1]

    def invoice_paying_to(self, address):
        return [i['id'] for i in self.btcpay.state.invoices.values()
                if i['_address'] == address][0]

    def deliver(self, invoice, timeout=60):
        """Post BTCPay's signed webhook of ``invoice``.

        Returns (seconds until the answer, HTTP status or None when there
        was no answer within ``timeout``).
        """
        headers, body = self.btcpay.delivery(invoice)
        request = urllib.request.Request(
            self.d.api_url + '/v1/webhooks/btcpay', data=body,
            headers=headers, method='POST')
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (socket.timeout, urllib.error.URLError) as error:
            if not isinstance(getattr(error, 'reason', error),
                              socket.timeout):
                raise
            status = None
        return time.monotonic() - started, status

    def buy_seconds(self, seconds):
        """An order paid for ``seconds`` through BTCPay: (order, token)."""
        status, price = self.d.request(
            'PUT', '/v1/prices/%s' % self.flavor.name,
            {'sats_per_hour': SATS_PER_HOUR, 'images': ['cirros']},
            token=self.admin)
        self.assertEqual(200, status, price)
        ft_fixtures.wait_for(
            lambda: [o for o in self.d.request('GET', '/v1/offers')[1][
                'offers'] if o['flavor_id'] == self.flavor.id], WAIT,
            'the flavor was never offered')
        status, order = self.place(self.flavor.name, hours=1)
        self.assertEqual(201, status, order)
        self.assertEqual(SATS_PER_HOUR, order['sats_per_hour'])
        invoice = self.invoice_of(order['id'])
        self.btcpay.pay(invoice, btc(seconds * SATS_PER_HOUR // 3600))
        self.assertEqual(200, self.deliver(invoice)[1])
        return order, order['token']

    def wait_state(self, order_id, token, state, timeout=WAIT):
        def reached():
            shown = self.show(order_id, token)
            return shown if shown['state'] == state else None
        return ft_fixtures.wait_for(
            reached, timeout, 'order %s never became %s: %s\nengine log '
            'tail:\n%s' % (order_id, state, self.operator_view(order_id),
                           self.d.log('utter-va-engine')[-3000:]))


class TestNovaStall(NovaStallTestCase):

    def test_webhook_credit_commits_within_a_second_while_suspend_hangs(
            self):
        self.d.start_engine()
        order, token = self.buy_seconds(PAID_SECONDS)
        order_id = order['id']
        self.wait_state(order_id, token, 'active')
        server_id = db_api.order_get(order_id)['server_id']
        ft_fixtures.wait_for(
            lambda: getattr(self.nova_server(server_id), 'status', None) ==
            'ACTIVE', WAIT, 'server %s never ACTIVE in Nova' % server_id)

        # NOTE: the buyer asks for the top-up in time; it is paid while
        # Nova is stopped. (Asked for while an engine holds the order's
        # row, its INSERT would wait too: the foreign key to the order.)
        status, topup = self.d.request(
            'POST', '/v1/orders/%s/topup' % order_id, {'hours': 1},
            headers={'X-Order-Token': token})
        self.assertEqual(201, status, topup)
        invoice = self.invoice_paying_to(topup['payment_request']['address'])

        paid_until = db_api.order_get(order_id)['paid_until']
        lead = (paid_until - timeutils.utcnow()).total_seconds() - STOP_LEAD
        self.assertGreater(lead, 0, 'the paid time ran out before the '
                           'server was seen ACTIVE; raise PAID_SECONDS')
        time.sleep(lead)
        # NOTE: registered before the SIGSTOP: whatever happens next,
        # nova-api continues.
        self.addCleanup(self.continue_nova_api)
        self.stop_nova_api()

        # The engine has started the suspend (its log says so) and its
        # request waits unread at nova-api.
        markers = ('Order %s: paid time over; suspending' % order_id,
                   'Order %s: suspended' % order_id)
        ft_fixtures.wait_for(
            lambda: any(m in self.d.log('utter-va-engine')
                        for m in markers) and
            self.requests_waiting_at_nova(), STOP_LEAD + 30,
            'the engine never sent the suspend; engine log tail:\n%s' %
            self.d.log('utter-va-engine')[-3000:])
        self.assertEqual('ACTIVE', db_api.order_get(order_id)[
            'server_state'], 'Nova reported the server suspended')

        self.btcpay.pay(invoice, btc(SATS_PER_HOUR))
        elapsed, status = self.deliver(invoice, timeout=WEBHOOK_TIMEOUT)
        stalled = set(self.nova_api_states().values()) == {'T'}
        shown = self.show(order_id, token)
        self.continue_nova_api()
        print('webhook: %s after %.3f s while nova-api was stopped' % (
            status or 'no answer', elapsed), flush=True)

        self.assertIsNotNone(status, 'the webhook got no answer in %d s '
                             'while Nova was stopped' % WEBHOOK_TIMEOUT)
        self.assertEqual(200, status)
        self.assertLess(elapsed, COMMIT_WITHIN,
                        'the ledger took %.3f s to commit' % elapsed)
        self.assertTrue(stalled, 'nova-api was running again')
        self.assertEqual(PAID_SECONDS + 3600, shown['credited_seconds'])

        def converged():
            shown = self.show(order_id, token)
            server = self.nova_server(server_id)
            if (shown['state'] != 'active' or
                    shown['server']['status'] != 'ACTIVE' or
                    server is None or server.status != 'ACTIVE' or
                    getattr(server, 'OS-EXT-STS:task_state', None)):
                return None
            # NOTE: Nova takes the suspend that waited for it when it
            # continues, and the server must have been resumed after it;
            # or the engine's request was lost with its connection in the
            # stall (the engine says so), and Nova never suspended it.
            # NOTE: Nova lists actions newest first, ties broken by their
            # id; their start times are whole seconds, so a suspend and
            # the resume right after it often share one: sorting by start
            # time could put the resume first.
            actions = [a.action for a in reversed(
                self.nova.instance_action.list(server_id))
                if a.action in ('suspend', 'resume')]
            if 'suspend' in actions:
                return actions[-1] == 'resume'
            lost = 'Order %s: ' % order_id
            return any(lost in line and 'trying again at the next sweep'
                       in line for line in
                       self.d.log('utter-va-engine').splitlines())
        try:
            ft_fixtures.wait_for(converged, WAIT, 'not converged', interval=1)
        except AssertionError:
            # NOTE: what the order, Nova and the engine say at the end of
            # the wait, not at its start.
            server = self.nova_server(server_id)
            self.fail('the order never converged: %s\nNova: %s %s, '
                      'actions %s\nengine log tail:\n%s' % (
                          self.operator_view(order_id),
                          getattr(server, 'status', None),
                          getattr(server, 'OS-EXT-STS:task_state', None),
                          [(a.action, a.start_time) for a in
                           self.nova.instance_action.list(server_id)],
                          self.d.log('utter-va-engine')[-6000:]))
        # NOTE: the top-up came before Nova took the suspend, so the order
        # itself never was suspended; its server was, and was resumed.
        states = [t['to_state'] for t in db_api.order_transitions(order_id)]
        self.assertEqual('active', states[-1])
