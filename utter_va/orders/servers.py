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

"""The servers of orders: their names, metadata, boot requests and views.

A server is named ``<prefix><order id>`` and carries the order id, the
deployment id and the top-up URL in its metadata, so that a crash between
"boot sent" and "boot recorded" is repaired by finding it again, the
reconciler knows which servers are this deployment's, and the buyer can
top up from inside the instance (``curl`` the metadata service).
"""

from utter_va.compute import nova
from utter_va.compute import user_data
from utter_va import conf
from utter_va.conf import api as api_conf

CONF = conf.CONF

#: Nova's vm_state (notifications) as the API's server status.
VM_STATE_TO_STATUS = {
    'active': 'ACTIVE', 'building': 'BUILD', 'suspended': 'SUSPENDED',
    'error': 'ERROR', 'deleted': 'DELETED', 'stopped': 'SHUTOFF',
    'shelved': 'SHELVED', 'shelved_offloaded': 'SHELVED_OFFLOADED',
    'paused': 'PAUSED', 'soft-delete': 'SOFT_DELETED', 'rescued': 'RESCUE',
    'resized': 'VERIFY_RESIZE',
}

#: Nova's task_state of an active server as the API's server status (as
#: Nova's own API shows it), so that notifications tell a reboot or a
#: rebuild under way from its end.
TASK_STATE_TO_STATUS = {
    'rebooting': 'REBOOT', 'reboot_pending': 'REBOOT',
    'reboot_started': 'REBOOT', 'rebooting_hard': 'HARD_REBOOT',
    'reboot_pending_hard': 'HARD_REBOOT',
    'reboot_started_hard': 'HARD_REBOOT', 'rebuilding': 'REBUILD',
    'rebuild_block_device_mapping': 'REBUILD', 'rebuild_spawning': 'REBUILD',
}
#: The server statuses of a reboot or rebuild under way.
TASK_STATUSES = frozenset(TASK_STATE_TO_STATUS.values())


def status(vm_state, task_state=None):
    """The API's server status of a notification's state (None: unknown)."""
    found = VM_STATE_TO_STATUS.get(vm_state)
    if found == 'ACTIVE':
        return TASK_STATE_TO_STATUS.get(task_state, found)
    return found


def name(order_id):
    """The name of an order's server."""
    return CONF.orders.server_name_prefix + order_id


def topup_url(order_id):
    """Where the buyer tops up an order (POST, with the order token)."""
    return '%s/v1/orders/%s/topup' % (api_conf.public_url(CONF), order_id)


def metadata(order_id):
    """The metadata every server of an order carries."""
    return {nova.ORDER_KEY: order_id,
            nova.DEPLOYMENT_KEY: CONF.orders.deployment_id,
            nova.TOPUP_KEY: topup_url(order_id)}


def networks():
    """[orders] networks as novaclient takes them."""
    configured = CONF.orders.networks
    if configured in (['auto'], ['none']):
        return configured[0]
    return configured


def send_boot(order, cloud):
    """Ask Nova to boot the server of a locked order; return its view."""
    image_id = cloud.glance.image_id(order.image)
    return cloud.nova.boot(
        name(order.id), image_id, order.flavor_id, metadata(order.id),
        user_data=boot_user_data(order),
        networks=networks(),
        security_groups=([order.security_group_id]
                         if order.security_group_id else None))


def boot_user_data(order):
    """The user data of an order's server: its SSH key and user data."""
    return user_data.build(order.ssh_public_key, order.user_data)


def send_rebuild(order, server_id, cloud):
    """Ask Nova to rebuild an order's server from the order's own image.

    The user data is made again from what the order holds now (the new
    SSH key the buyer gave, if any), so the key reaches the rebuilt
    server's cloud-init as it reached the first boot's.
    """
    cloud.nova.rebuild(server_id, cloud.glance.image_id(order.image),
                       user_data=boot_user_data(order))


def record(order, server, at):
    """Copy Nova's view of a server (a dict; None: gone) to an order."""
    if server is None:
        order.server_state = 'DELETED'
    else:
        order.server_state = server['status']
        if server.get('addresses'):
            order.server_addresses = addresses(server['addresses'])
    order.server_state_at = at


def addresses(value):
    """{network: [address, ...]} from Nova's API or notification shapes."""
    if isinstance(value, list):
        result = {}
        for item in value:
            result.setdefault(item.get('label') or 'default', []).append(
                item['address'])
        return result
    return {network: [a.get('addr') for a in items]
            for network, items in value.items()}
