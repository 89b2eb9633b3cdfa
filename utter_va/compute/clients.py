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
