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

"""What the storefront's pages say: each state and close reason of an
order as a sentence, and the strings its JavaScript shows.

The JavaScript gets them from the page, as a JSON block rendered here
through ``_()``, so they are translated with the rest of utter-va.
Placeholders are ``%(name)s``, filled by the page.
"""

from utter_va.i18n import _
from utter_va.orders import closing
from utter_va.orders import states


def state_sentences():
    """{state: sentence} for every state of an order."""
    return {
        states.AWAITING_PAYMENT: _(
            'Waiting for your payment. Pay the request below to start '
            'your server.'),
        states.PAID: _('Paid. Your server will start booting in a '
                       'moment.'),
        states.BOOTING: _('Your server is booting.'),
        states.ACTIVE: _('Your server is active.'),
        states.REBOOTING: _('Your server is rebooting.'),
        states.REBUILDING: _('Your server is being rebuilt from its '
                             'image.'),
        states.SUSPENDED: _(
            'Your server is suspended: its paid time ran out. Top it up '
            'before the deletion date to resume it.'),
        states.TERMINATED: _('This order is terminated: its server was '
                             'deleted.'),
        states.EXPIRED: _('This order expired before it was paid.'),
        states.FAILED: _('This order failed: its server could not run.'),
        states.CANCELLED: _('This order was cancelled by the operator.'),
    }


def reason_sentences():
    """{close reason: sentence} for every close reason of an order."""
    return {
        closing.EXPIRED_UNPAID: _(
            'Its payment request expired before the full amount arrived.'),
        closing.PAID_TIME_OVER: _(
            'Its paid time and the grace period after it are over.'),
        closing.BOOT_FAILED: _('The cloud could not boot the server.'),
        closing.BOOT_NOT_STARTED: _(
            'The cloud could not start booting the server in time.'),
        closing.IMAGE_IMPORT_FAILED: _(
            'The cloud could not import your image from its URL.'),
        closing.IMAGE_CHECKSUM_MISMATCH: _(
            'The image at your URL does not have the checksum you gave.'),
        closing.IMAGE_TOO_LARGE: _(
            'Your image is larger than this cloud accepts.'),
        closing.DELETED_OUTSIDE: _(
            'The server was deleted outside of the storefront.'),
        closing.SHELVED_OUTSIDE: _(
            'The server was shelved outside of the storefront.'),
        closing.SERVER_ERROR: _('The server went into an error state.'),
        closing.CANCELLED: _(
            'The operator cancelled the order; unused paid time is owed '
            'back to you.'),
        closing.TERMINATED: _('The operator terminated the order.'),
    }


def page_strings():
    """The strings the pages' JavaScript shows, by name."""
    return {
        'unknown_state': _('The order is %(state)s.'),
        'unknown_reason': _('Reason: %(reason)s.'),
        'loading': _('Loading...'),
        'no_offers': _('Nothing is for sale right now. Come back later.'),
        'offers_failed': _('The offers could not be loaded: %(message)s'),
        'vcpus': _('%(n)s vCPU'),
        'ram': _('%(n)s MiB RAM'),
        'disk': _('%(n)s GB disk'),
        'sats': _('%(n)s sats'),
        'per_hour': _('%(n)s sats per hour'),
        'per_day': _('%(n)s sats per day'),
        'units_left': _('%(n)s left'),
        'images': _('Images: %(list)s'),
        'choose': _('Order %(flavor)s'),
        'total': _('Total: %(sats)s sats for %(hours)s h'),
        'placing': _('Placing your order...'),
        'network_error': _('The service could not be reached. Check your '
                           'connection and try again.'),
        'file_too_big': _('That file is too big for an SSH public key.'),
        'no_order': _('No order link was given. Open the link you got '
                      'when you ordered, or place a new order.'),
        'not_found': _('This order does not exist, or the link is wrong.'),
        'copied': _('Copied.'),
        'copy_failed': _('Select the text and copy it by hand.'),
        'expires_in': _('This request expires in %(time)s.'),
        'expired_request': _('This payment request has expired.'),
        'expired_next_topup': _('Request a new top-up below to add time.'),
        'expired_next_order': _('Place a new order to buy a server.'),
        'owed_back': _('%(sats)s sats are owed back to you: contact the '
                       'operator of this cloud with your order link.'),
        'waiting_payment': _('No payment seen yet.'),
        'payment_seen': _('Payment seen: %(n)s of %(total)s '
                          'confirmations.'),
        'paid': _('Paid.'),
        'partial': _('%(received)s of %(amount)s sats received; '
                     '%(due)s sats still due.'),
        'below_minimum': _('Received so far: %(received)s sats.'),
        'paid_time_left': _('Paid time left: %(time)s.'),
        'paid_time_over': _('Paid time is over.'),
        'delete_after': _('The server will be deleted on %(date)s unless '
                          'you top it up.'),
        'duration_dhms': _('%(d)s d %(h)s h %(m)s min %(s)s s'),
        'duration_hms': _('%(h)s h %(m)s min %(s)s s'),
        'duration_ms': _('%(m)s min %(s)s s'),
        'no_address': _('The server has no address yet.'),
        'address_ipv4_public': _('IPv4, public'),
        'address_ipv6_public': _('IPv6, public'),
        'address_ipv4_private': _('IPv4, private'),
        'address_ipv6_private': _('IPv6, private'),
        'qr_alt': _('QR code of the payment request: %(uri)s'),
        'lnurl_qr_alt': _('QR code of the LNURL: %(lnurl)s'),
        'console_empty': _('The console is empty.'),
        'topup_requested': _('Pay this request to add %(hours)s hours.'),
        'action_requested': _('Done: the order is now %(state)s.'),
        'rebuild_confirm_needed': _('Tick the box to confirm that the '
                                    'disk is erased.'),
        'polling_stopped': _('This order is closed; the page no longer '
                             'updates.'),
        'link_file': _('Your utter-va order link (keep it secret, it is '
                       'the only key to your order):'),
        'own_image_offered': _('Or your own image from a URL: '
                               '%(formats)s, at most %(mb)s MiB.'),
        'own_image_url_hint': _('Where this cloud downloads your image '
                                'from. It must start with %(schemes)s'),
        'own_image_checksum_hint': _(
            'sha256:\u2026 or sha512:\u2026, the checksum of the image file '
            'in hex. The image may be at most %(mb)s MiB.'),
        'own_image_url_missing': _('Give the URL of your image.'),
        'own_image_checksum_missing': _('Give the checksum of your image.'),
        'own_image_importing': _('Your image is being imported and '
                                 'checked.'),
        'own_image_ready': _('Your image was imported and its checksum '
                             'matches.'),
    }


def all_messages():
    """Everything the pages' JavaScript needs, as one JSON-ready dict."""
    return {
        'states': {k: str(v) for k, v in state_sentences().items()},
        'reasons': {k: str(v) for k, v in reason_sentences().items()},
        'strings': {k: str(v) for k, v in page_strings().items()},
        'closed_states': list(states.CLOSED),
        # NOTE: the groups of states.py, so that the pages follow it.
        'server_states': list(states.TOPUP),
        'console_states': [states.BOOTING] + list(states.RUNNING),
    }
