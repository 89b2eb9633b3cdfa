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
