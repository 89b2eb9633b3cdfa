"""Payment drivers, loaded with stevedore (utter_va.payment namespace)."""

from utter_va.common import loader
from utter_va import conf

CONF = conf.CONF


def configured_driver():
    """The payment driver ``[payment] driver`` names, one per process."""
    return loader.load('utter_va.payment', CONF.payment.driver)
