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

"""A small client of the utter-va v1 API, on osc's keystoneauth session.

The API is found in the service catalog as service type ``marketplace``;
the catalog holds the unversioned root of the API (as the devstack plugin
registers it), and every path here starts with ``/v1``. Every error, of the
API or of the connection, becomes an :class:`osc_lib.exceptions.CommandError`
with the API's message, so the user sees one clean line, never a traceback.
"""

import urllib.parse

from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ks_exceptions
from osc_lib import exceptions

from utter_va.i18n import _

SERVICE_TYPE = 'marketplace'
API_PREFIX = '/v1'


class APIError(exceptions.CommandError):
    """An error answer of the API; ``code`` is its HTTP status."""

    def __init__(self, message, code=None, request_id=None):
        super().__init__(message)
        self.code = code
        self.request_id = request_id


def _q(value):
    """One path segment (a flavor name may hold any character)."""
    return urllib.parse.quote(str(value), safe='')


def _error_message(response):
    """The one line to show for an error answer of the API."""
    try:
        error = response.json()['error']
        title, message = error.get('title'), error.get('message')
    except (ValueError, KeyError, TypeError, AttributeError):
        title, message = response.reason, response.text[:200].strip()
    text = '%s (HTTP %s)' % (message or title or _('Error'),
                             response.status_code)
    request_id = response.headers.get('X-OpenStack-Request-ID')
    if request_id:
        text += ' (Request-ID: %s)' % request_id
    return text


class Client:
    """The operator's client of the utter-va API, version 1."""

    def __init__(self, session, interface=None, region_name=None,
                 endpoint_override=None):
        self.http = adapter.Adapter(
            session, service_type=SERVICE_TYPE, interface=interface,
            region_name=region_name, endpoint_override=endpoint_override)

    def _url(self, path):
        # NOTE: the catalog normally holds the API's root; an endpoint
        # registered with the version in it works too.
        try:
            endpoint = self.http.get_endpoint()
        except ks_exceptions.ClientException as exc:
            raise exceptions.CommandError(
                _('Cannot find the utter-va API (service type %(type)s) in '
                  'the service catalog: %(error)s')
                % {'type': SERVICE_TYPE, 'error': exc})
        if not endpoint:
            raise exceptions.CommandError(
                _('No %s endpoint in the service catalog') % SERVICE_TYPE)
        endpoint = endpoint.rstrip('/')
        if endpoint.endswith(API_PREFIX):
            endpoint = endpoint[:-len(API_PREFIX)]
        return endpoint + API_PREFIX + path

    def request(self, method, path, params=None, body=None):
        """Send one request; return the parsed JSON answer (or None)."""
        url = self._url(path)
        kwargs = {'raise_exc': False,
                  'headers': {'Accept': 'application/json'}}
        if params:
            kwargs['params'] = {k: v for k, v in params.items()
                                if v is not None}
        if body is not None:
            kwargs['json'] = body
        try:
            response = self.http.request(url, method, **kwargs)
        except ks_exceptions.ConnectionError as exc:
            raise exceptions.CommandError(
                _('Cannot reach the utter-va API at %(url)s: %(error)s')
                % {'url': url, 'error': exc})
        except ks_exceptions.ClientException as exc:
            raise exceptions.CommandError(str(exc))
        if response.status_code >= 400:
            raise APIError(_error_message(response), response.status_code,
                           response.headers.get('X-OpenStack-Request-ID'))
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise exceptions.CommandError(
                _('The utter-va API answered %(method)s %(url)s with '
                  'something that is not JSON')
                % {'method': method, 'url': url})

    # Offers

    def offer_list(self):
        """The offers buyers see."""
        return self.request('GET', '/offers')['offers']

    # Prices

    def price_list(self):
        """Every flavor's price."""
        return self.request('GET', '/prices')['prices']

    def price_get(self, flavor):
        """One flavor's price, with its history."""
        return self.request('GET', '/prices/%s' % _q(flavor))

    def price_set(self, flavor, **values):
        """Create or change a flavor's price; return it as stored."""
        return self.request('PUT', '/prices/%s' % _q(flavor), body=values)

    def price_delete(self, flavor):
        """Stop selling a flavor."""
        self.request('DELETE', '/prices/%s' % _q(flavor))

    def price_preview(self, flavor, hours):
        """What ``hours`` of a flavor would cost now."""
        return self.request('GET', '/prices/%s/preview' % _q(flavor),
                            params={'hours': hours})

    # Capacity

    def capacity_get(self):
        """Sellable units per flavor and the hosts behind them."""
        return self.request('GET', '/capacity')

    def hypervisor_list(self):
        """The compute nodes utter-va sells from."""
        return self.request('GET', '/hypervisors')['hypervisors']

    # Marketplace

    def marketplace_get(self, check=False):
        """This cloud at its marketplace (``check``: ask the pool too)."""
        return self.request('GET', '/marketplace',
                            params={'check': 'true' if check else None})

    # Orders and payments

    def order_list(self, state=None, flavor=None, limit=None, marker=None):
        """One page of orders; return (orders, next marker or link)."""
        answer = self.request('GET', '/orders', params={
            'state': state, 'flavor': flavor, 'limit': limit,
            'marker': marker})
        return answer['orders'], answer.get('next')

    def order_get(self, order_id):
        """One order, as the operator sees it."""
        return self.request('GET', '/orders/%s' % _q(order_id))

    def order_cancel(self, order_id):
        """Cancel an order."""
        return self.request('POST', '/orders/%s/cancel' % _q(order_id))

    def order_terminate(self, order_id):
        """Terminate an order's server now."""
        return self.request('POST', '/orders/%s/terminate' % _q(order_id))

    def payment_list(self, order_id):
        """The payments and refunds of an order."""
        return self.request('GET', '/orders/%s/payments' % _q(order_id))
