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

"""Policy enforcement of the API, on oslo.policy.

Every operator rule is checked against the operator's project: ``[api]
operator_project_id``, or else the project of utter-va's service user of
the [nova] group, asked of Keystone once per process.
"""

import flask
from keystoneauth1 import exceptions as ks_exc
from oslo_log import log
from oslo_policy import policy

from utter_va.api import auth
from utter_va.common import singletons
from utter_va.compute import clients
from utter_va import conf
from utter_va import exception
from utter_va import policies

CONF = conf.CONF
LOG = log.getLogger(__name__)

_ENFORCER = None
_SERVICE_PROJECT = singletons.Singletons()


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
    _SERVICE_PROJECT.reset()


def _service_project_id():
    try:
        project_id = clients.session('nova').get_project_id()
    except ks_exc.ClientException as exc:
        LOG.error('Cannot learn the project of the [nova] service user: %s',
                  exc)
        raise exception.CloudUnavailable(service='Keystone',
                                         reason=type(exc).__name__)
    if not project_id:
        LOG.error('The [nova] service user is not scoped to a project; set '
                  '[api] operator_project_id')
        raise exception.CloudUnavailable(
            service='Keystone', reason='no operator project')
    return project_id


def operator_project_id():
    """The id of the operator's project, which operator rules target."""
    if CONF.api.operator_project_id:
        return CONF.api.operator_project_id
    if CONF.api.auth_strategy == 'noauth':
        return auth.NOAUTH_PROJECT_ID
    return _SERVICE_PROJECT.get('nova', _service_project_id)


def authorize(rule, target=None, context=None):
    """Raise PolicyNotAuthorized unless the request's context may ``rule``.

    ``target`` defaults to the operator's project: a reader or member of
    another project fails every operator rule. An invalid scope is refused
    like a missing role.
    """
    context = context or flask.g.context
    if target is None:
        target = {'project_id': operator_project_id()}
    try:
        get_enforcer().authorize(rule, target, context, do_raise=True,
                                 exc=exception.PolicyNotAuthorized,
                                 action=rule)
    except policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=rule)
