"""oslo.i18n integration: the ``_`` translation function of utter-va."""

import oslo_i18n

DOMAIN = 'utter_va'

_translators = oslo_i18n.TranslatorFactory(domain=DOMAIN)

# The primary translation function using the well-known name "_"
_ = _translators.primary


def translate(value, user_locale=None):
    """Translate a lazy message into the locale of the caller."""
    return oslo_i18n.translate(value, user_locale)
