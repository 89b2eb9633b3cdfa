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

"""The osc-lib plugin module: ``openstack utter ...`` commands.

python-openstackclient finds this module through the
``openstack.cli.extension`` entry point, adds :func:`build_option_parser`'s
options to its own, and builds the client with :func:`make_client` the first
time a command uses ``self.app.client_manager.utter``. The commands live in
the ``openstack.utter.v1`` entry point group.
"""

import logging

from osc_lib import exceptions
from osc_lib import utils

from utter_va.i18n import _
from utter_va.osc.v1 import client

LOG = logging.getLogger(__name__)

DEFAULT_API_VERSION = '1'
API_VERSION_OPTION = 'os_utter_api_version'
API_NAME = 'utter'
API_VERSIONS = ('1',)


def make_client(instance):
    """Return the utter-va client of an osc ClientManager."""
    version = instance._api_version[API_NAME]
    if version not in API_VERSIONS:
        raise exceptions.UnsupportedVersion(
            _('utter-va API version %(version)s is not one of: %(known)s')
            % {'version': version, 'known': ', '.join(API_VERSIONS)})
    LOG.debug('Instantiating utter-va client, API version %s', version)
    return client.Client(
        session=instance.session,
        interface=instance.interface,
        region_name=instance.region_name,
        endpoint_override=_endpoint_override(instance))


def _endpoint_override(instance):
    """``marketplace_endpoint_override`` of the cloud's configuration.

    The usual openstacksdk key (clouds.yaml, or the endpoint of
    ``auth_type: none``): it lets the commands reach an API that is not in
    a catalog, such as one run with ``[api] auth_strategy = noauth``.
    """
    cli_options = getattr(instance, '_cli_options', None)
    if cli_options is None:
        return None
    return cli_options.get_endpoint(client.SERVICE_TYPE)


def build_option_parser(parser):
    """Add the global options of the plugin to openstack's parser."""
    parser.add_argument(
        '--os-utter-api-version',
        metavar='<utter-api-version>',
        default=utils.env('OS_UTTER_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help=_('utter-va API version, default=%s '
               '(Env: OS_UTTER_API_VERSION)') % DEFAULT_API_VERSION)
    return parser
