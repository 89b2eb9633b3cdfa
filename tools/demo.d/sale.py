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

"""The market, and one sale on it, end to end, as the README's demo shows it.

Run by tools/demo with utter-va's virtualenv, against the running pool, two
clouds' APIs and engines (A and B, on the project's real OpenStack,
tools/minicloud) that have joined it. Each cloud's operator uses Keystone
credentials to set its price; the buyer only HTTP: the pool's search, then
the cheapest cloud's own API and an order token; Nova itself is asked what
became of the server. The order page's link of the server sold (the order
token in its fragment, which never reaches a server log) is written to
``order-page`` beside the first CONFIG_FILE, for tools/demo to print last.

    python sale.py POOL_URL CLOUDS_YAML API_URL CONFIG_FILE [API_URL ...]

with each cloud's API URL and configuration file, in the order of PRICES.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from novaclient import client as nova_client
from novaclient import exceptions as nova_exc

FLAVOR = 'utter.demo'
#: The price of each cloud, in the order tools/demo names them: the
#: cheapest, B, sells one second for one sat.
PRICES = (7200, 3600)
PAID_SATS = 20
# NOTE: times are counted from the start of tools/demo when it says when.
T0 = int(os.environ.get('UTTER_VA_DEMO_START_NS', time.time_ns()))


def step(message):
    # NOTE: tenths truncated, as tools/demo prints them.
    tenths = (time.time_ns() - T0) // 100_000_000
    print('[%4d.%ds] %s' % (*divmod(tenths, 10), message), flush=True)


def call(method, url, body=None, headers=None):
    """One HTTP request; return (status, JSON document)."""
    request = urllib.request.Request(
        url, method=method, data=json.dumps(body).encode() if body else None,
        headers=dict({'Content-Type': 'application/json'}, **(headers or {})))
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b'null')
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b'null')


def wait(what, predicate, timeout=300, interval=0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            sys.exit('demo: %s did not happen in %ds' % (what, timeout))
        time.sleep(interval)


def operator_session(clouds_yaml):
    with open(clouds_yaml) as f:
        auth = json.load(f)['clouds']['minicloud-admin']['auth']
    return ks_session.Session(auth=v3.Password(**auth))


def demo_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode() + (
        ' demo-buyer')


def nova_status(nova, server_id):
    try:
        return nova.servers.get(server_id).status
    except nova_exc.NotFound:
        return 'DELETED'


def wait_market(pool, apis, prices):
    """The pool's offers of FLAVOR, by price, once every cloud shows."""
    def listed():
        _, document = call('GET', pool + '/v1/offers?sort=price')
        offers = [o for o in document['offers']
                  if o['flavor_name'] == FLAVOR and o['units_available'] > 0]
        shown = {o['cloud']['api_url'].rstrip('/'): o['sats_per_hour']
                 for o in offers}
        return offers if shown == dict(zip(apis, prices)) else None
    return wait('both clouds\' offers on the pool', listed, timeout=120)


def reliability(pool, cloud_id):
    """The pool's figures of a cloud, once its order is closed there."""
    def counted():
        _, document = call('GET', '%s/v1/clouds/%s' % (pool, cloud_id))
        figures = document['cloud']['reliability']
        return figures if figures.get('paid_time_over_share') else None
    return wait('the order\'s events on the pool', counted, timeout=60)


def main(pool, clouds_yaml, *clouds):
    apis = [api.rstrip('/') for api in clouds[0::2]]
    config_files = dict(zip(apis, clouds[1::2]))
    admin = operator_session(clouds_yaml)
    nova = nova_client.Client('2.79', session=admin)
    operator = {'X-Auth-Token': admin.get_token()}

    flavor = next((f for f in nova.flavors.list(is_public=None)
                   if f.name == FLAVOR), None)
    if flavor is None:
        flavor = nova.flavors.create(FLAVOR, ram=64, vcpus=1, disk=1)
    for letter, api, sats in zip('ABCDEFGH', apis, PRICES):
        status, price = call('PUT', '%s/v1/prices/%s' % (api, FLAVOR), {
            'sats_per_hour': sats, 'images': ['cirros']}, operator)
        if status != 200:
            sys.exit('demo: setting the price failed: %s %s' % (status,
                                                                price))
        step('operator of cloud %s: %s priced at %d sats/hour (PUT %s/v1/'
             'prices/%s with a Keystone token)' % (letter, FLAVOR, sats,
                                                   api, FLAVOR))

    offers = wait_market(pool, apis, PRICES)
    step('buyer: GET %s/v1/offers?sort=price: %d offers of %s, each signed '
         'by its cloud' % (pool, len(offers), FLAVOR))
    for offer in offers:
        print('           %s (%s): %d vCPU, %d MB, %d GB, %d sats/hour, '
              '%d units available, at %s' % (
                  offer['cloud']['name'], offer['cloud']['country'],
                  offer['vcpus'], offer['ram_mb'], offer['disk_gb'],
                  offer['sats_per_hour'], offer['units_available'],
                  offer['cloud']['api_url']), flush=True)
    cheapest = min(offers, key=lambda o: o['sats_per_hour'])
    name = cheapest['cloud']['name']
    api = cheapest['cloud']['api_url'].rstrip('/')
    step('buyer: picks the cheapest, %s at %d sats/hour, and buys at its '
         'own API %s/ (storefront: %s); the pool never sees the order' % (
             name, cheapest['sats_per_hour'], api, cheapest['buy_url']))

    status, order = call('POST', api + '/v1/orders', {
        'flavor': FLAVOR, 'image': 'cirros', 'hours': 1,
        'ssh_public_key': demo_key()})
    if status != 201:
        sys.exit('demo: placing the order failed: %s %s' % (status, order))
    buyer = {'X-Order-Token': order['token']}
    request = order['payment_request']
    step('buyer: POST /v1/orders to %s: order %s, pay %d sats to %s (%s)' % (
        name, order['id'], request['amount_sats'], request['address'],
        request['payment_uri']))

    manage = os.path.join(sys.prefix, 'bin', 'utter-va-manage')
    paid = subprocess.run(
        [manage, '--config-file', config_files[api], 'payment', 'simulate',
         order['id'], str(PAID_SATS)], capture_output=True, text=True)
    if paid.returncode:
        sys.exit('demo: the payment failed:\n' + paid.stdout + paid.stderr)
    step('buyer: paid %d sats with the fake payment driver (%d seconds of '
         'server)' % (PAID_SATS,
                      PAID_SATS * 3600 // cheapest['sats_per_hour']))

    def order_in(*states):
        _, document = call('GET', '%s/v1/orders/%s' % (api, order['id']),
                           headers=buyer)
        return document if document['state'] in states else None
    seen = wait('the order to become active', lambda: order_in('active'))
    server_id = wait('the server id', lambda: call(
        'GET', '%s/v1/orders/%s' % (api, order['id']),
        headers=operator)[1].get('server_id'))
    wait('ACTIVE in Nova', lambda: nova_status(nova, server_id) == 'ACTIVE')
    step('Nova: server %s is ACTIVE; paid until %s' % (
        server_id, seen['paid_until']))
    wait('SUSPENDED in Nova',
         lambda: nova_status(nova, server_id) == 'SUSPENDED')
    step('Nova: server %s is SUSPENDED (paid time over; order %s)' % (
        server_id, order_in('suspended', 'terminated')['state']))
    wait('the server deleted',
         lambda: nova_status(nova, server_id) == 'DELETED')
    closed = wait('the order closed', lambda: order_in('terminated'))
    step('Nova: server %s is DELETED (grace period over; order %s, %s)' % (
        server_id, closed['state'], closed['close_reason']))
    figures = reliability(pool, cheapest['cloud']['id'])
    step('pool: %s\'s reliability from its signed order events (no buyer '
         'data): %d paid, %.0f%% reached ACTIVE, median %.1fs paid to '
         'ACTIVE, %.0f%% ran their paid time out' % (
             name, figures['orders_paid'], 100 * figures['active_share'],
             figures['median_seconds_to_active'],
             100 * figures['paid_time_over_share']))
    # NOTE: tools/demo prints it last, after its own closing lines.
    with open(os.path.join(os.path.dirname(clouds[1]), 'order-page'),
              'w') as f:
        f.write('%s/store/order#%s.%s\n' % (api, order['id'],
                                            order['token']))


if __name__ == '__main__':
    main(*sys.argv[1:])
