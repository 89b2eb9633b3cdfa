"""oslo.policy rules of utter-va, one module per resource.

:func:`list_rules` is the ``oslo.policy.policies`` entry point used by
oslopolicy-sample-generator and oslopolicy-checker.
"""

import itertools

from utter_va.policies import base
from utter_va.policies import orders
from utter_va.policies import prices


def list_rules():
    """Return every policy rule of utter-va."""
    return list(itertools.chain(
        base.list_rules(),
        prices.list_rules(),
        orders.list_rules(),
    ))
