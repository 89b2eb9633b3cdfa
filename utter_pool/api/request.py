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

"""What every route reads of the request and of its app."""

import flask
from oslo_utils import timeutils

from utter_pool import exception
from utter_protocol import documents

CONF_KEY = 'UTTER_POOL_CONF'
LIMITERS_KEY = 'UTTER_POOL_LIMITERS'


def conf():
    """The configuration the app was made with."""
    return flask.current_app.config[CONF_KEY]


def limiters():
    """The app's :class:`utter_pool.api.ratelimit.Limiters`."""
    return flask.current_app.config[LIMITERS_KEY]


def client_address():
    """The peer's address (a reverse proxy should set REMOTE_ADDR)."""
    return flask.request.remote_addr or '-'


def limit_reads():
    """Count one read of this client; 429 past the search limit."""
    found = limiters()
    found.hit(found.search, client_address())


def now():
    """The current time, naive UTC (oslo_utils' override applies)."""
    return timeutils.utcnow()


def body():
    """The request body, at most the protocol's MAX_BYTES; 413 if more."""
    length = flask.request.content_length
    if length is not None and length > documents.MAX_BYTES:
        raise exception.TooLarge(limit=documents.MAX_BYTES)
    data = flask.request.stream.read(documents.MAX_BYTES + 1)
    if len(data) > documents.MAX_BYTES:
        raise exception.TooLarge(limit=documents.MAX_BYTES)
    return data
