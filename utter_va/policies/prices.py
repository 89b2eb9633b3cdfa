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

"""Policies of prices, capacity and hypervisors (operator routes)."""

from oslo_policy import policy

from utter_va.policies import base

PRICE = 'utter:price:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=PRICE % 'list', check_str=base.READER,
        scope_types=base.SCOPES,
        description='List the prices of flavors.',
        operations=[{'path': '/v1/prices', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=PRICE % 'get', check_str=base.READER,
        scope_types=base.SCOPES,
        description='Show the price of a flavor and its history.',
        operations=[{'path': '/v1/prices/{flavor}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=PRICE % 'set', check_str=base.ADMIN,
        scope_types=base.SCOPES,
        description='Set the price of a flavor (create or update).',
        operations=[{'path': '/v1/prices/{flavor}', 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        name=PRICE % 'delete', check_str=base.ADMIN,
        scope_types=base.SCOPES,
        description='Stop selling a flavor (its history stays).',
        operations=[{'path': '/v1/prices/{flavor}', 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        name='utter:capacity:get', check_str=base.READER,
        scope_types=base.SCOPES,
        description='Show sellable units per flavor and per host.',
        operations=[{'path': '/v1/capacity', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name='utter:hypervisor:list', check_str=base.READER,
        scope_types=base.SCOPES,
        description='List the compute nodes utter-va sells from.',
        operations=[{'path': '/v1/hypervisors', 'method': 'GET'}]),
]


def list_rules():
    return rules
