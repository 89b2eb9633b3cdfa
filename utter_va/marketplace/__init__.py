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

"""Marketplace drivers, loaded with stevedore from utter_va.marketplace.

A marketplace driver advertises this cloud somewhere buyers compare
clouds: ``none`` (the default) nowhere, ``pool`` on an utter-pool (see
:mod:`utter_va.marketplace.pool`). utter-va-engine runs the configured
one (:func:`configured_driver`) and tells it when offers or orders
changed; it never waits for it.
"""

from utter_va.common import loader
from utter_va import conf

CONF = conf.CONF
NAMESPACE = 'utter_va.marketplace'


def configured_driver():
    """The driver of ``[marketplace] driver``, one per process."""
    return loader.load(NAMESPACE, CONF.marketplace.driver)
