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

"""The periodic comparison of Nova's servers with the live orders.

The safety net under the notifications, in both directions:

* an order whose server Nova no longer has is told so (and fails as
  "deleted outside utter-va"); every other order server's state is
  refreshed from Nova, in case a notification was lost;
* a server that carries this deployment's metadata but belongs to no
  order, or to an order that is closed, is an orphan: it is reported, and
  deleted when ``[orders] delete_orphan_servers`` is set. A server of an
  order whose boot is still being recorded is not an orphan;
* so is a security group or floating IP that this deployment made (see
  :mod:`utter_va.orders.network`) for an order that is neither live nor
  still being closed: reported, and deleted when ``[network]
  delete_orphans`` is set;
* and so is a buyer's image this deployment imported (see
  :mod:`utter_va.orders.images`) whose orders are all over and which is
  not kept for later orders: deleted when ``[images] delete_orphans`` is
  set.
"""

from oslo_log import log
from oslo_utils import timeutils

from utter_va.compute import nova
from utter_va import conf
from utter_va.db import order_sweep
from utter_va.orders import actions
from utter_va.orders import closing
from utter_va.orders import images
from utter_va.orders import network
from utter_va.orders import states

CONF = conf.CONF
LOG = log.getLogger(__name__)

_WATCHED = (states.BOOTING,) + states.RUNNING


class Reconciler:
    """Compares Nova's servers of this deployment with the orders."""

    def __init__(self, cloud):
        self.cloud = cloud

    def reconcile(self):
        """Run one comparison; return (orders refreshed, orphans)."""
        now = timeutils.utcnow()
        listed = {s['id']: s for s in self.cloud.nova.order_servers(
            CONF.orders.server_name_prefix, CONF.orders.deployment_id)}
        refreshed = 0
        for order_id, _state, server_id in order_sweep.orders_with_servers(
                _WATCHED):
            server = listed.get(server_id)
            if server is None:
                # NOTE: the listing may be older than a boot recorded since;
                # ask for the server itself before calling it gone.
                server = self.cloud.nova.server(server_id)
            status = server['status'] if server else 'DELETED'
            addresses = server['addresses'] if server else None
            if actions.server_changed(order_id, server_id, status,
                                      addresses, now, self.cloud):
                refreshed += 1
        orphans = self._orphans(listed)
        for server in orphans:
            order_id = server['metadata'].get(nova.ORDER_KEY)
            if CONF.orders.delete_orphan_servers:
                LOG.warning('Deleting server %s (order %s): it belongs to '
                            'no live order', server['id'], order_id)
                self.cloud.nova.delete(server['id'])
            else:
                LOG.warning('Server %s (order %s) belongs to no live order;'
                            ' set [orders] delete_orphan_servers to delete '
                            'such servers', server['id'], order_id)
        return refreshed, (len(orphans) + self._network_orphans() +
                           self._image_orphans())

    def _network_orphans(self):
        """Report (or delete) Neutron resources of no live order.

        Returns how many there are.
        """
        if not network.wants_group():
            return 0
        found = network.orphans(self.cloud, closing.still_wanted)
        return _settle('network', [
            (kind, item['id'], order_id,
             lambda kind=kind, item=item: network.remove(kind, item,
                                                         self.cloud))
            for kind, item, order_id in found])

    def _image_orphans(self):
        """Report (or delete) buyers' images of no live order."""
        found = images.orphans(self.cloud, closing.still_wanted)
        return _settle('images', [
            ('image', image['id'], ', '.join(sorted(order_ids)),
             lambda image=image: self.cloud.glance.delete_image(image['id']))
            for image, order_ids in found])

    @staticmethod
    def _orphans(listed):
        owners = order_sweep.owners_of_servers(listed)
        in_flight = order_sweep.order_ids_without_server(states.UNBOOTED)
        orphans = []
        for server_id, server in listed.items():
            order_id, state, deadline = owners.get(server_id,
                                                   (None, None, None))
            if state in states.LIVE or deadline is not None:
                continue  # live, or its deletion is under way
            if server['metadata'].get(nova.ORDER_KEY) in in_flight:
                continue  # its boot is being recorded
            orphans.append(server)
        return orphans


def _settle(group, orphans):
    """Report each orphan, or delete it with ``[group] delete_orphans``.

    ``orphans`` are (kind, id, order ids, remove); returns how many.
    """
    delete = getattr(CONF, group).delete_orphans
    for kind, resource_id, owners, remove in orphans:
        if delete:
            LOG.warning('Deleting %s %s (order %s): it belongs to no live '
                        'order', kind, resource_id, owners)
            remove()
        else:
            LOG.warning('%s %s (order %s) belongs to no live order; set '
                        '[%s] delete_orphans to delete such resources',
                        kind, resource_id, owners, group)
    return len(orphans)
