"""Loading of pluggable drivers through stevedore.

Every pluggable part of utter-va (payment, pricing and marketplace drivers)
is a stevedore extension in its own namespace, chosen by name in the
configuration; a name that is not installed is a clear error, not a
traceback.
"""

from stevedore import driver as stevedore_driver
from stevedore import exception as stevedore_exc

from utter_va import exception


def load(namespace, name, *args, **kwargs):
    """Return an instance of driver ``name`` of ``namespace``.

    ``args`` and ``kwargs`` go to the driver's constructor.
    """
    try:
        manager = stevedore_driver.DriverManager(
            namespace, name, invoke_on_load=True, invoke_args=args,
            invoke_kwds=kwargs)
    except stevedore_exc.NoMatches:
        raise exception.DriverNotFound(namespace=namespace, name=name)
    except (ImportError, RuntimeError) as exc:
        raise exception.DriverLoadError(namespace=namespace, name=name,
                                        reason=str(exc))
    return manager.driver
