"""keystoneauth options of the services utter-va calls: [nova],
[placement] and [glance].

Each group takes keystoneauth's session, auth plugin and adapter options,
so an operator configures them like any OpenStack service's, e.g.::

    [placement]
    auth_type = password
    auth_url = http://keystone/v3
    username = utter-va
    ...
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

CLIENTS = {
    'nova': ('compute', 'Nova, which boots, suspends and deletes the '
                        'servers utter-va sells and reports compute '
                        'services.'),
    'placement': ('placement', 'Placement, which holds the inventories '
                               'and usages of every compute node.'),
    'glance': ('image', 'Glance, whose images buyers choose from.'),
}

_DEFAULT_INTERFACES = ['internal', 'public']


def register_opts(conf):
    for group, (service_type, help_text) in CLIENTS.items():
        conf.register_group(cfg.OptGroup(group, help=help_text))
        ks_loading.register_session_conf_options(conf, group)
        ks_loading.register_auth_conf_options(conf, group)
        ks_loading.register_adapter_conf_options(conf, group)
        conf.set_default('service_type', service_type, group=group)
        conf.set_default('valid_interfaces', _DEFAULT_INTERFACES,
                         group=group)


def _group_opts():
    opts = (ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            ks_loading.get_adapter_conf_options(include_deprecated=False))
    unique = {}
    for opt in opts:
        unique.setdefault(opt.dest, opt)
    return list(unique.values())


def list_opts():
    return {cfg.OptGroup(group, help=help_text): _group_opts()
            for group, (_, help_text) in CLIENTS.items()}
