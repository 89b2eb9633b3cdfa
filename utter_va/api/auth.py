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

"""Keystone authentication for operator routes, none for buyers.

keystonemiddleware's auth_token checks every request that carries an
``X-Auth-Token``, and every request to a route that is not public. A request
without a token to a public route (the version document, offers, placing,
reading, topping up, rebooting and rebuilding an order with its order
token, webhooks, an order's LNURL-pay request, callback and Lightning
address, the storefront's pages) reaches the application anonymously;
the identity headers a client might have forged are removed first, so an
anonymous request can never claim a role.
"""

import re

from keystonemiddleware import auth_token
from oslo_log import log

LOG = log.getLogger(__name__)

_UUID = r'[0-9a-fA-F-]{32,36}'
_PAY_CODE = r'[a-z0-9._-]{1,64}'

#: The project of every request with ``[api] auth_strategy = noauth``.
NOAUTH_PROJECT_ID = 'noauth-project'

#: (method, path regex) pairs that need no Keystone token.
PUBLIC_ROUTES = [
    (method, re.compile(pattern)) for method, pattern in (
        ('GET', r'^/$'),
        ('GET', r'^/v1/?$'),
        ('GET', r'^/v1/openapi\.json$'),
        ('GET', r'^/v1/offers/?$'),
        ('POST', r'^/v1/orders/?$'),
        ('GET', r'^/v1/orders/%s/?$' % _UUID),
        ('POST', r'^/v1/orders/%s/topup/?$' % _UUID),
        ('GET', r'^/v1/orders/%s/console/?$' % _UUID),
        ('POST', r'^/v1/orders/%s/(reboot|rebuild)/?$' % _UUID),
        ('POST', r'^/v1/webhooks/[A-Za-z0-9_.-]+/?$'),
        ('GET', r'^/v1/lnurlp/%s(/callback)?/?$' % _PAY_CODE),
        ('GET', r'^/\.well-known/lnurlp/%s/?$' % _PAY_CODE),
        ('GET', r'^/v1/orders/%s/qr/?$' % _UUID),
        ('GET', r'^/store(/[A-Za-z0-9_./-]*)?$'),
    )
]

#: Headers auth_token sets; a client must never be able to set them.
_IDENTITY_HEADERS = (
    'HTTP_X_IDENTITY_STATUS', 'HTTP_X_SERVICE_IDENTITY_STATUS',
    'HTTP_X_ROLES', 'HTTP_X_ROLE', 'HTTP_X_USER_ID', 'HTTP_X_USER',
    'HTTP_X_USER_NAME', 'HTTP_X_PROJECT_ID', 'HTTP_X_PROJECT_NAME',
    'HTTP_X_TENANT_ID', 'HTTP_X_TENANT', 'HTTP_X_TENANT_NAME',
    'HTTP_X_USER_DOMAIN_ID', 'HTTP_X_USER_DOMAIN_NAME',
    'HTTP_X_PROJECT_DOMAIN_ID', 'HTTP_X_PROJECT_DOMAIN_NAME',
    'HTTP_X_DOMAIN_ID', 'HTTP_X_DOMAIN_NAME', 'HTTP_X_SYSTEM_SCOPE',
    'HTTP_X_SERVICE_ROLES', 'HTTP_X_IS_ADMIN_PROJECT',
    'HTTP_X_AUTH_TOKEN', 'HTTP_X_SERVICE_TOKEN',
)


def is_public(method, path):
    """Return True when ``method path`` may be called without a token."""
    return any(method == route_method and pattern.match(path)
               for route_method, pattern in PUBLIC_ROUTES)


class AuthTokenMiddleware:
    """auth_token for operator requests; anonymous access for public ones."""

    def __init__(self, application, conf):
        self.application = application
        self.auth_token = auth_token.AuthProtocol(
            application, {'oslo_config_config': conf})

    def __call__(self, environ, start_response):
        has_token = bool(environ.get('HTTP_X_AUTH_TOKEN'))
        if not has_token and is_public(environ.get('REQUEST_METHOD', 'GET'),
                                       environ.get('PATH_INFO') or '/'):
            for header in _IDENTITY_HEADERS:
                environ.pop(header, None)
            environ['HTTP_X_IDENTITY_STATUS'] = 'Anonymous'
            return self.application(environ, start_response)
        return self.auth_token(environ, start_response)


class NoAuthMiddleware:
    """For tests and demos only: every request is an admin's.

    Selected with ``[api] auth_strategy = noauth``. Never use it on a
    network anybody else can reach.
    """

    def __init__(self, application, conf):
        self.application = application
        LOG.warning('utter-va-api runs WITHOUT authentication '
                    '([api] auth_strategy = noauth)')

    def __call__(self, environ, start_response):
        environ.update({
            'HTTP_X_IDENTITY_STATUS': 'Confirmed',
            'HTTP_X_USER_ID': 'noauth-admin',
            'HTTP_X_PROJECT_ID': NOAUTH_PROJECT_ID,
            'HTTP_X_ROLES': 'admin,member,reader',
        })
        return self.application(environ, start_response)
