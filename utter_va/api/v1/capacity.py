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

"""Operator routes: sellable capacity and the hosts behind it."""

import flask

from utter_va.api import policy
from utter_va.db import capacity as db_capacity

capacity = flask.Blueprint('capacity', __name__)


def host_view(provider):
    """A compute node as the operator sees it."""
    return {
        'name': provider['name'], 'uuid': provider['uuid'],
        'generation': provider['generation'],
        'disabled': provider['service_disabled'],
        'up': provider['service_up'],
        'cpu_load_percent': provider['cpu_load_percent'],
        'inventories': {rc: inv._asdict() for rc, inv in
                        provider['inventories'].items()},
        'synced_at': provider['synced_at'],
    }


@capacity.get('/v1/capacity')
def show_capacity():
    """Sellable units per priced flavor, and the hosts behind them."""
    policy.authorize('utter:capacity:get')
    return {'flavors': db_capacity.flavor_capacity_list(),
            'hosts': [host_view(p) for p in db_capacity.provider_list()]}


@capacity.get('/v1/hypervisors')
def list_hypervisors():
    """The compute nodes utter-va sells from, as it last saw them."""
    policy.authorize('utter:hypervisor:list')
    return {'hypervisors': [host_view(p)
                            for p in db_capacity.provider_list()]}
