"""The policy enforcer of the API."""

from oslo_policy import policy

from utter_va import conf
from utter_va import policies

CONF = conf.CONF

_ENFORCER = None


def get_enforcer():
    """Return the enforcer, for the ``oslo.policy.enforcer`` entry point."""
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(CONF)
        _ENFORCER.register_defaults(policies.list_rules())
    return _ENFORCER
