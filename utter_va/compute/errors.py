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
