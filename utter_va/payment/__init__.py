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

"""Payment drivers, loaded with stevedore (utter_va.payment namespace)."""

from utter_va.common import loader
from utter_va import conf

CONF = conf.CONF


def configured_driver():
    """The payment driver ``[payment] driver`` names, one per process."""
    return loader.load('utter_va.payment', CONF.payment.driver)


def check_configured():
    """Build the configured driver and check its options, or raise.

    Raises DriverNotFound, DriverLoadError or
    PaymentProcessorMisconfigured (a processor URL that would carry its
    credentials in clear, or none at all).
    """
    configured_driver().check_config()
