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

"""utter-va-engine: the daemon that runs the order lifecycle."""

import sys

from oslo_log import log
from oslo_service import service

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.engine import service as engine_service
from utter_va import exception
from utter_va.orders import network
from utter_va import payment

CONF = conf.CONF
LOG = log.getLogger(__name__)


def main(argv=None):
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    try:
        payment.check_configured()
        network.check_configured()
    except exception.UtterVaException as exc:
        LOG.error('%s does not start: %s', engine_service.BINARY, exc)
        return 1
    launcher = service.launch(CONF, engine_service.EngineService(),
                              restart_method='reload')
    launcher.wait()


if __name__ == '__main__':
    sys.exit(main())
