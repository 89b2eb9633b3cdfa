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

"""Translation of novaclient and keystoneauth errors into utter-va's.

Every function of :mod:`utter_va.compute` that calls another service is
decorated with :func:`translate`, so nothing above this package ever sees a
novaclient or keystoneauth exception.
"""

import functools

from keystoneauth1 import exceptions as ks_exc
from novaclient import exceptions as nova_exc
from oslo_log import log

from utter_va import exception

LOG = log.getLogger(__name__)


def translate(service):
    """Decorate a call to ``service`` ('Nova', 'Placement', ...)."""

    def decorator(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except nova_exc.NotFound as exc:
                raise exception.CloudResourceNotFound(
                    service=service, reason=str(exc))
            except ks_exc.NotFound as exc:
                raise exception.CloudResourceNotFound(
                    service=service, reason=str(exc))
            except (nova_exc.ClientException,
                    ks_exc.ClientException) as exc:
                LOG.warning('%s call %s failed: %s', service,
                            function.__name__, exc)
                raise exception.CloudUnavailable(service=service,
                                                 reason=str(exc))
        return wrapper
    return decorator
