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

"""Policy enforcement of the API, on oslo.policy."""

import flask
from oslo_policy import policy

from utter_va import conf
from utter_va import exception
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


def reset():
    """Forget the enforcer (tests, and SIGHUP reloads)."""
    global _ENFORCER
    if _ENFORCER is not None:
        _ENFORCER.clear()
    _ENFORCER = None


def authorize(rule, target=None, context=None):
    """Raise PolicyNotAuthorized unless the request's context may ``rule``.

    ``target`` defaults to the caller's own project, for project-scoped
    rules; an invalid scope is refused like a missing role.
    """
    context = context or flask.g.context
    if target is None:
        target = {'project_id': context.project_id}
    try:
        get_enforcer().authorize(rule, target, context, do_raise=True,
                                 exc=exception.PolicyNotAuthorized,
                                 action=rule)
    except policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=rule)
