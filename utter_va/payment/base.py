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

"""The contract of payment drivers (namespace ``utter_va.payment``).

A driver turns an order's amount into a payment request and tells utter-va
about real payments as :class:`PaymentEvent` objects. It never holds a
private key, never logs a secret, times out every network call, and reports
a remote failure as :class:`utter_va.exception.PaymentProcessorError`.

* :meth:`PaymentDriver.create_request` asks the processor for a new
  address and/or invoice (an address or invoice belongs to one request,
  forever).
* :meth:`PaymentDriver.parse_webhook` checks a webhook's signature, then
  re-reads the processor (a webhook is a doorbell) and returns events, or
  raises :class:`utter_va.exception.WebhookRejected`.
* :meth:`PaymentDriver.poll` reads the processor for payments to pending
  requests: for drivers without push, and as the reconcile path.
* :meth:`PaymentDriver.create_lnurl_invoice`, only where
  :attr:`PaymentDriver.supports_lnurl` is true, asks for a Lightning
  invoice of an exact amount that commits to a description hash (what an
  LNURL-pay callback answers); its payments come back through
  :meth:`PaymentDriver.poll` like any other request's.

Every amount is an integer number of millisatoshis. A driver reaches its
processor only through :func:`processor_url`, which refuses plain http to
anything but a loopback host (unless ``allow_insecure_http`` says so): the
API key, macaroon or RPC password never travel in clear by accident.
"""

import abc
import collections
import decimal
import ipaddress
import urllib.parse

from utter_va import conf
from utter_va import exception
from utter_va.i18n import _

CONF = conf.CONF

MSAT_PER_BTC = 100_000_000_000

SEEN = 'seen'
CONFIRMED = 'confirmed'
INVALID = 'invalid'
REVERSED = 'reversed'
STATUSES = (SEEN, CONFIRMED, INVALID, REVERSED)

#: What a driver answers to create_request.
PaymentRequestInfo = collections.namedtuple(
    'PaymentRequestInfo',
    ['external_id', 'address', 'invoice', 'amount_msat', 'payment_uri',
     'expires_at'])


class PaymentEvent(collections.namedtuple(
        'PaymentEvent', ['request_id', 'money_key', 'amount_msat',
                         'confirmations', 'status'])):
    """One real payment to one request, as the processor reports it.

    ``money_key`` is unique per real payment (BTCPay payment id, bitcoind
    ``txid:vout``, LND ``r_hash``): the same payment delivered twice, or
    under a new delivery id, carries the same key.
    """

    def __new__(cls, request_id, money_key, amount_msat, confirmations,
                status):
        check_amount(amount_msat)
        if status not in STATUSES:
            raise exception.Invalid(reason=_('unknown payment status %s') %
                                    status)
        return super().__new__(cls, request_id, money_key, amount_msat,
                               confirmations, status)


def check_amount(amount_msat):
    """Refuse anything but a positive integer amount of millisatoshis."""
    if isinstance(amount_msat, bool) or not isinstance(amount_msat, int):
        raise exception.InvalidAmount(amount=amount_msat,
                                      reason=_('not an integer of msat'))
    if amount_msat <= 0:
        raise exception.InvalidAmount(amount=amount_msat,
                                      reason=_('not positive'))
    return amount_msat


def btc_to_msat(value):
    """Parse a BTC amount (a decimal string or Decimal, never a float)."""
    if isinstance(value, float):
        raise exception.InvalidAmount(amount=value,
                                      reason=_('floats are not money'))
    try:
        amount = decimal.Decimal(str(value)) * MSAT_PER_BTC
    except decimal.InvalidOperation:
        raise exception.InvalidAmount(amount=value,
                                      reason=_('not a decimal number'))
    if amount != amount.to_integral_value():
        raise exception.InvalidAmount(amount=value,
                                      reason=_('finer than a millisatoshi'))
    return int(amount)


def msat_to_btc(amount_msat):
    """Format msat as a BIP21 BTC amount (no exponent, no trailing 0)."""
    text = format(decimal.Decimal(amount_msat) / MSAT_PER_BTC, 'f')
    return text.rstrip('0').rstrip('.') if '.' in text else text


def is_loopback(host):
    """Whether ``host`` (a URL's host, not resolved) is this machine.

    ``localhost`` and loopback addresses (127.0.0.0/8, ::1, and 127/8
    mapped into IPv6) only: another name is not trusted to resolve there.
    """
    host = (host or '').rstrip('.').lower()
    if host == 'localhost':
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, 'ipv4_mapped', None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def processor_url(driver, group, secret):
    """The base URL in ``[<group>] url`` of ``driver``, or refuse it.

    Plain http is refused unless the host is loopback or
    ``allow_insecure_http`` is true in ``[<group>]`` or ``[payment]``:
    it would carry ``secret`` (what the driver authenticates with) in
    clear. Raises PaymentProcessorMisconfigured, naming the option.
    """
    options = CONF[group]
    url = options.url
    if not url:
        raise exception.PaymentProcessorMisconfigured(
            driver=driver, reason=_('[%s] url is not set') % group)
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == 'http' and not (
            is_loopback(parsed.hostname) or options.allow_insecure_http or
            CONF.payment.allow_insecure_http):
        # NOTE: the user and password a URL may hold are not shown.
        shown = 'http://%s' % parsed.netloc.rpartition('@')[2]
        raise exception.PaymentProcessorMisconfigured(
            driver=driver, reason=_(
                '[%(group)s] url %(url)s is plain http to a host that is '
                'not loopback, so the %(secret)s would travel in clear; use '
                'https, or set allow_insecure_http in [%(group)s] or '
                '[payment]') % {'group': group, 'url': shown,
                                'secret': secret})
    return url.rstrip('/')


def payment_uri(address=None, amount_msat=None, invoice=None):
    """A BIP21/BIP321 URI; one unified URI when address and invoice exist."""
    query = []
    if amount_msat is not None and address:
        query.append(('amount', msat_to_btc(amount_msat)))
    if invoice:
        query.append(('lightning', invoice))
    uri = 'bitcoin:%s' % (address or '')
    if query:
        uri += '?' + urllib.parse.urlencode(query, safe=':')
    return uri


class PaymentDriver(metaclass=abc.ABCMeta):
    """Base class of payment drivers; see the module docstring."""

    #: The name the driver is registered under.
    name = None

    #: Confirmations a payment needs before this driver reports it
    #: confirmed (what a buyer's page counts up to).
    confirmations_required = 1

    #: Whether :meth:`create_lnurl_invoice` works: the driver issues
    #: Lightning invoices of any amount with a description hash, so orders
    #: get an LNURL-pay link and a Lightning address.
    supports_lnurl = False

    @abc.abstractmethod
    def create_request(self, order_id, amount_msat, expires_in):
        """Return a PaymentRequestInfo for ``amount_msat``."""

    @abc.abstractmethod
    def parse_webhook(self, headers, body):
        """Return [PaymentEvent] for a verified webhook, or raise."""

    @abc.abstractmethod
    def poll(self, pending_requests):
        """Return [PaymentEvent] for the given pending requests (dicts)."""

    def create_lnurl_invoice(self, order_id, amount_msat, description_hash,
                             expires_in):
        """Return a PaymentRequestInfo: an invoice for LNURL-pay.

        A Lightning invoice of exactly ``amount_msat`` whose description
        hash (BOLT 11 ``h``) is ``description_hash`` (32 bytes), payable
        for ``expires_in`` seconds. Only for drivers whose
        :attr:`supports_lnurl` is true.
        """
        raise exception.LNURLNotSupported(driver=self.name)

    def check_config(self):
        """Raise PaymentProcessorMisconfigured if the options are unusable.

        Called when the engine starts; a driver that talks to a processor
        checks its URL with :func:`processor_url`.
        """
