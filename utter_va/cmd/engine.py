"""utter-va-engine: the daemon that runs the order lifecycle."""

import sys

from oslo_service import service

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.engine import service as engine_service

CONF = conf.CONF


def main(argv=None):
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    launcher = service.launch(CONF, engine_service.EngineService(),
                              restart_method='reload')
    launcher.wait()


if __name__ == '__main__':
    sys.exit(main())
