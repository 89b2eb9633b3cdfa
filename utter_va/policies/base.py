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

The defaults follow OpenStack's secure RBAC personas, as Nova's and
Blazar's do: an *admin* (the ``admin`` role, which only a cloud
administrator can grant) manages prices and orders; a *reader* sees them.
Readers and members count only in the operator's project (``[api]
operator_project_id``, by default the project that owns the servers
utter-va sells) or on the system scope: a reader or member of any other
project of the cloud is refused. Every operator rule is checked against
the target ``{'project_id': <the operator's project>}``.
"""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
READER = 'rule:reader'

#: The scopes of every operator rule.
SCOPES = ['system', 'project']

rules = [
    policy.RuleDefault(
        name='context_is_admin',
        check_str='role:admin',
        description='Decides what an administrator is: one with the admin '
                    'role, on the system or in any project (Keystone lets '
                    'only cloud administrators grant it). To confine '
                    'administrators to the operator\'s project, set it to '
                    '"role:admin and (project_id:%(project_id)s or '
                    'system_scope:all)".'),
    policy.RuleDefault(
        name='operator_project_reader',
        check_str='role:reader and project_id:%(project_id)s',
        description='A reader of the operator\'s project ([api] '
                    'operator_project_id). Keystone\'s implied roles make '
                    'every member a reader too.'),
    policy.RuleDefault(
        name='system_reader',
        check_str='role:reader and system_scope:all',
        description='A reader on the system scope.'),
    policy.RuleDefault(
        name='reader',
        check_str='rule:context_is_admin or rule:operator_project_reader '
                  'or rule:system_reader',
        description='Readers see prices, capacity, hypervisors and orders: '
                  'administrators, and readers of the operator\'s project '
                  'or of the system.'),
]


def list_rules():
    return rules
