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

"""Exceptions raised by utter-va.

Every error that may reach an operator or a buyer is a subclass of
:class:`UtterVaException`: it carries a translated ``msg_fmt`` and the HTTP
``code`` the API answers with. Errors of other libraries are translated into
these at the boundary where they are caught (``compute/``, ``payment/``), so
nothing above that boundary sees a novaclient or requests exception.
"""

from oslo_log import log

from utter_va.i18n import _

LOG = log.getLogger(__name__)


class UtterVaException(Exception):
    """Base utter-va exception.

    Subclasses set ``msg_fmt`` (a format string taking the keyword arguments
    given to the constructor) and ``code`` (an HTTP status code).
    """

    msg_fmt = _("An unknown exception occurred.")
    code = 500
    headers = {}
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        self.kwargs.setdefault('code', self.code)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                # NOTE: a wrong set of keyword arguments is a programming
                # error; log it and keep the unformatted message rather than
                # hiding the original problem behind a formatting error.
                LOG.exception('Exception in string format operation, '
                              'kwargs: %s', kwargs)
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def __str__(self):
        return str(self.message)


class Invalid(UtterVaException):
    msg_fmt = _("Unacceptable parameters: %(reason)s")
    code = 400


class NotFound(UtterVaException):
    msg_fmt = _("Resource could not be found.")
    code = 404


class Conflict(UtterVaException):
    msg_fmt = _("Conflict: %(reason)s")
    code = 409


class NotAuthorized(UtterVaException):
    msg_fmt = _("Not authorized.")
    code = 403


class OrderNotFound(NotFound):
    msg_fmt = _("Order %(order_id)s could not be found.")


class FlavorPriceNotFound(NotFound):
    msg_fmt = _("No price is set for flavor %(flavor)s.")


class PaymentRequestNotFound(NotFound):
    msg_fmt = _("Payment request %(request_id)s of driver %(driver)s could "
                "not be found.")


class InvalidStateTransition(Conflict):
    msg_fmt = _("Order %(order_id)s cannot move from %(current)s to "
                "%(target)s.")


class InvalidAmount(Invalid):
    msg_fmt = _("Invalid amount %(amount)s: %(reason)s")


class DriverNotFound(NotFound):
    msg_fmt = _("No %(namespace)s driver named %(name)s is installed.")


class DriverLoadError(UtterVaException):
    msg_fmt = _("The %(namespace)s driver %(name)s could not be loaded: "
                "%(reason)s")


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = _("Policy does not allow %(action)s to be performed.")


class IdempotencyKeyReused(UtterVaException):
    msg_fmt = _("This Idempotency-Key was already used with another "
                "request body.")
    code = 422


class IdempotencyKeyInProgress(Conflict):
    msg_fmt = _("A request with this Idempotency-Key is still running; "
                "retry later.")


class CloudUnavailable(UtterVaException):
    msg_fmt = _("%(service)s could not be reached or refused the request: "
                "%(reason)s")
    code = 503


class CloudRequestRefused(CloudUnavailable):
    msg_fmt = _("%(service)s refused the request: %(reason)s")
    code = 409


class CloudResourceNotFound(NotFound):
    msg_fmt = _("%(service)s has no such resource: %(reason)s")


class WebhookRejected(UtterVaException):
    msg_fmt = _("Webhook rejected: %(reason)s")
    code = 400


class PaymentProcessorError(UtterVaException):
    msg_fmt = _("The payment processor %(driver)s failed: %(reason)s")
    code = 502


class PaymentProcessorMisconfigured(UtterVaException):
    msg_fmt = _("The payment processor %(driver)s is not used: %(reason)s")


class OfferNotFound(NotFound):
    msg_fmt = _("No offer for flavor %(flavor)s.")


class ImageNotOffered(Invalid):
    msg_fmt = _("image: %(image)s is not offered with flavor %(flavor)s; "
                "choose one of %(images)s.")


class SoldOut(Conflict):
    msg_fmt = _("No unit of flavor %(flavor)s is available now; retry "
                "later.")


class TooManyUnpaidOrders(UtterVaException):
    msg_fmt = _("Your network already holds %(count)d unpaid orders (the "
                "most allowed); pay them or let them expire first.")
    code = 429


class OrderNotPayable(Conflict):
    msg_fmt = _("Order %(order_id)s is %(state)s: %(reason)s")


class OrderActionRefused(Conflict):
    msg_fmt = _("Order %(order_id)s is %(state)s: %(reason)s")


class TooManyPaymentRequests(UtterVaException):
    msg_fmt = _("Order %(order_id)s already has %(count)d live payment "
                "requests (the most allowed); pay one or let it expire "
                "first.")
    code = 429


class LNURLNotSupported(Conflict):
    msg_fmt = _("The payment driver %(driver)s issues no Lightning invoice "
                "for LNURL-pay.")


class LNURLNotFound(NotFound):
    msg_fmt = _("No such payment link.")


class LNURLNotPayable(Conflict):
    msg_fmt = _("This payment link takes no payment now: %(reason)s")


class LNURLAmountInvalid(Invalid):
    msg_fmt = _("amount: %(reason)s")


class TooManyLNURLInvoices(UtterVaException):
    msg_fmt = _("This payment link has %(count)d unpaid invoices already "
                "(the most allowed); retry in %(seconds)d seconds.")
    code = 429


class NetworkMisconfigured(UtterVaException):
    msg_fmt = _("[network] is not usable: %(reason)s")
