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

"""utter-va-status: upgrade checks, the OpenStack way (oslo.upgradecheck)."""

import sys

from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck

from utter_va.common import config
from utter_va import conf
from utter_va.db import api as db_api
from utter_va.db import migration
from utter_va.i18n import _

CONF = conf.CONF


class Checks(upgradecheck.UpgradeCommands):
    """The upgrade checks of utter-va."""

    def _check_schema_at_head(self):
        try:
            current = migration.version()
        except Exception as exc:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _('The database cannot be read: %s') % exc)
        head = migration.head()
        if current != head:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _("The database schema is at %(current)s, not at %(head)s: "
                  "run 'utter-va-manage db upgrade'.") %
                {'current': current or 'base', 'head': head})
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)

    _upgrade_checks = (
        (_('Database schema at head'), _check_schema_at_head),
        (_('Policy File JSON to YAML Migration'),
         (common_checks.check_policy_json, {'conf': CONF})),
    )


def main(argv=None):
    upgradecheck.register_cli_options(CONF, Checks())
    config.prepare_service(argv or sys.argv)
    db_api.configure(CONF)
    return upgradecheck.run(CONF)


if __name__ == '__main__':
    sys.exit(main())
