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

"""Exceptions raised by utter-pool.

Every error that may reach a client is a :class:`PoolException`: a
translated ``msg_fmt`` and the HTTP ``code`` the API answers with. The
protocol's errors (:mod:`utter_protocol.errors`) are turned into these at
the one place documents are taken in (:mod:`utter_pool.intake`).
"""

from oslo_log import log

from utter_pool.i18n import _

LOG = log.getLogger(__name__)


class PoolException(Exception):
    """Base utter-pool exception: ``msg_fmt`` % kwargs, an HTTP ``code``."""

    msg_fmt = _("An unknown exception occurred.")
    code = 500
    headers = {}

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                LOG.exception('Exception in string format operation, '
                              'kwargs: %s', kwargs)
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def __str__(self):
        return str(self.message)


class Invalid(PoolException):
    """A request the pool cannot take: its reason says why."""

    msg_fmt = _("%(reason)s")
    code = 400


class Forbidden(PoolException):
    """A document from an unknown or unapproved cloud, or wrongly signed."""

    msg_fmt = _("%(reason)s")
    code = 403


class NotFound(PoolException):
    """An object of the pool that does not exist."""

    msg_fmt = _("%(what)s %(id)s could not be found.")
    code = 404


class Conflict(PoolException):
    """A stale document: expired, from the future, or not newer."""

    msg_fmt = _("%(reason)s")
    code = 409


class TooLarge(PoolException):
    """A request body over the protocol's size cap."""

    msg_fmt = _("The body has more than %(limit)d bytes.")
    code = 413


class TooManyRequests(PoolException):
    """A client or cloud over its rate limit."""

    msg_fmt = _("Too many requests; retry in %(seconds)d seconds.")
    code = 429

    def __init__(self, seconds):
        super().__init__(seconds=seconds)
        self.headers = {'Retry-After': str(seconds)}
