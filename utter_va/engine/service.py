"""The oslo.service service that runs inside utter-va-engine."""

from oslo_log import log
from oslo_service import service

from utter_va import conf
from utter_va.db import api as db_api
from utter_va import version

CONF = conf.CONF
LOG = log.getLogger(__name__)

BINARY = 'utter-va-engine'


class EngineService(service.Service):
    """The engine's service: its periodic tasks run on native threads."""

    def __init__(self):
        super().__init__()
        self.host = CONF.host

    def start(self):
        super().start()
        LOG.info('Starting %s %s on host %s', BINARY,
                 version.version_string(), self.host)
        self.tg.add_timer_args(CONF.engine.heartbeat_interval,
                               self.heartbeat, initial_delay=0,
                               stop_on_exception=False)

    def heartbeat(self):
        """Record in the database that this engine is alive."""
        try:
            db_api.service_heartbeat(self.host, BINARY,
                                     version=version.version_string())
        except Exception:
            LOG.exception('Engine heartbeat could not be recorded')

    def stop(self, graceful=False):
        LOG.info('Stopping %s on host %s', BINARY, self.host)
        super().stop(graceful)
