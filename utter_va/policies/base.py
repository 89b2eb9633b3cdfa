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

"""Base check strings shared by the policies of utter-va.

The defaults follow OpenStack's secure RBAC personas: a project or system
*admin* manages prices and orders, a *reader* sees them. Operator routes are
project-scoped: the cloud operator acts from the project that owns the
servers utter-va sells.
"""

from oslo_policy import policy

ADMIN = 'role:admin'
READER = 'role:reader or role:admin'

rules = [
    policy.RuleDefault(
        name='context_is_admin',
        check_str=ADMIN,
        description='Decides what an administrator is: one with the admin '
                    'role, whatever the project.'),
    policy.RuleDefault(
        name='reader',
        check_str=READER,
        description='Readers see prices, capacity, hypervisors and orders. '
                    'The admin role implies reader.'),
]


def list_rules():
    return rules
