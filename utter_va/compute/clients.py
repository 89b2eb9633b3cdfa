"""keystoneauth sessions and adapters, loaded from the config groups."""

from keystoneauth1 import loading as ks_loading

from utter_va import conf

CONF = conf.CONF


def session(group):
    """Return a keystoneauth session for a client config group."""
    auth = ks_loading.load_auth_from_conf_options(CONF, group)
    return ks_loading.load_session_from_conf_options(CONF, group, auth=auth)


def adapter(group, **kwargs):
    """Return a keystoneauth adapter for a client config group."""
    return ks_loading.load_adapter_from_conf_options(
        CONF, group, session=session(group), **kwargs)
