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

"""keystoneauth options of the services utter-va calls: [nova],
[placement], [glance] and [neutron].

Each group takes keystoneauth's session, auth plugin and adapter options,
so an operator configures them like any OpenStack service's, e.g.::

    [placement]
    auth_type = password
    auth_url = http://keystone/v3
    username = utter-va
    ...

Every call to these services times out after the group's ``timeout``
seconds: 30 unless the operator sets another value.
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
    'neutron': ('network', 'Neutron, where utter-va makes the security '
                           'group and the floating IP of each order '
                           '(see [network]).'),
}

_DEFAULT_INTERFACES = ['internal', 'public']
DEFAULT_TIMEOUT = 30.0


def _defaults(service_type):
    """utter-va's defaults for keystoneauth's options of a group."""
    return {'service_type': service_type,
            'valid_interfaces': _DEFAULT_INTERFACES,
            'timeout': DEFAULT_TIMEOUT}


def set_defaults(conf):
    """Set utter-va's defaults of keystoneauth's options on ``conf``.

    Called when the options are registered, and again by
    :func:`utter_va.common.config.set_lib_defaults`, since
    ``ConfigOpts.reset()`` forgets defaults set this way.
    """
    for group, (service_type, _) in CLIENTS.items():
        for name, value in _defaults(service_type).items():
            conf.set_default(name, value, group=group)


def register_opts(conf):
    for group, (service_type, help_text) in CLIENTS.items():
        conf.register_group(cfg.OptGroup(group, help=help_text))
        ks_loading.register_session_conf_options(conf, group)
        ks_loading.register_auth_conf_options(conf, group)
        ks_loading.register_adapter_conf_options(conf, group)
    set_defaults(conf)


def _group_opts(service_type):
    opts = (ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            ks_loading.get_adapter_conf_options(include_deprecated=False))
    unique = {}
    for opt in opts:
        unique.setdefault(opt.dest, opt)
    opts = list(unique.values())
    # NOTE: keystoneauth hands out new option objects on each call, which
    # do not carry the defaults register_opts set; the sample shows these.
    cfg.set_defaults(opts, **_defaults(service_type))
    return opts


def list_opts():
    return {cfg.OptGroup(group, help=help_text): _group_opts(service_type)
            for group, (service_type, help_text) in CLIENTS.items()}
