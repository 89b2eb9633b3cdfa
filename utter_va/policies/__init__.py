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

"""oslo.policy rules of utter-va, one module per resource.

:func:`list_rules` is the ``oslo.policy.policies`` entry point used by
oslopolicy-sample-generator and oslopolicy-checker.
"""

import itertools

from utter_va.policies import base
from utter_va.policies import marketplace
from utter_va.policies import orders
from utter_va.policies import prices


def list_rules():
    """Return every policy rule of utter-va."""
    return list(itertools.chain(
        base.list_rules(),
        prices.list_rules(),
        orders.list_rules(),
        marketplace.list_rules(),
    ))
