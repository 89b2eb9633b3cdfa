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

"""keystoneauth sessions and adapters, loaded from the config groups.

A session is built once per config group and process, and shared by every
client and thread of the process: it keeps its token and its connection
pool between calls.
"""

from keystoneauth1 import loading as ks_loading

from utter_va.common import singletons
from utter_va import conf

CONF = conf.CONF

_SESSIONS = singletons.Singletons()


def _load_session(group):
    auth = ks_loading.load_auth_from_conf_options(CONF, group)
    return ks_loading.load_session_from_conf_options(CONF, group, auth=auth)


def session(group):
    """Return the keystoneauth session of a client config group."""
    return _SESSIONS.get(group, lambda: _load_session(group))


def adapter(group, **kwargs):
    """Return a keystoneauth adapter for a client config group."""
    return ks_loading.load_adapter_from_conf_options(
        CONF, group, session=session(group), **kwargs)


def reset():
    """Forget the sessions built so far (after a fork, and in tests)."""
    _SESSIONS.reset()
