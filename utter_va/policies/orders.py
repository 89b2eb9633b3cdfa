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

"""Policies of the operator's order routes and the price preview.

Buyers reach their own order with its order token, never through these
rules: an anonymous request has no role, so every rule here refuses it.
"""

from oslo_policy import policy

from utter_va.policies import base

ORDER = 'utter:order:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=ORDER % 'list', check_str=base.READER,
        scope_types=base.SCOPES,
        description='List orders, with filters and pagination.',
        operations=[{'path': '/v1/orders', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=ORDER % 'get', check_str=base.READER,
        scope_types=base.SCOPES,
        description='Show any order as the operator sees it (client '
                    'network, server, transition log, refunds owed).',
        operations=[{'path': '/v1/orders/{order_id}', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=ORDER % 'cancel', check_str=base.ADMIN,
        scope_types=base.SCOPES,
        description='Cancel a live order and delete its server.',
        operations=[{'path': '/v1/orders/{order_id}/cancel',
                     'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        name=ORDER % 'terminate', check_str=base.ADMIN,
        scope_types=base.SCOPES,
        description='Terminate a live order now and delete its server.',
        operations=[{'path': '/v1/orders/{order_id}/terminate',
                     'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        name=ORDER % 'payment:list', check_str=base.READER,
        scope_types=base.SCOPES,
        description='List the payment requests, payments and refunds of '
                    'an order.',
        operations=[{'path': '/v1/orders/{order_id}/payments',
                     'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name='utter:price:preview', check_str=base.READER,
        scope_types=base.SCOPES,
        description='Preview what some hours of a flavor cost now and how '
                    'many units are available.',
        operations=[{'path': '/v1/prices/{flavor}/preview',
                     'method': 'GET'}]),
]


def list_rules():
    return rules
