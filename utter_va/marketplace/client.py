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

"""The HTTP client of one utter-pool: the one boundary to the pool.

One ``requests`` session per process and pool URL, every request with
``[pool] timeout``; redirects are never followed (an answer 3xx is an
error), so a document goes to the pool named in the configuration and
nowhere else. Whatever goes wrong (no answer, a 4xx, a 5xx) is raised as
:class:`PoolError`, with the pool's own error message when it gave one.
"""

from oslo_log import log
from oslo_serialization import jsonutils
import requests

from utter_va.common import singletons
from utter_va import conf
from utter_va import exception
from utter_va.i18n import _
from utter_va import version

CONF = conf.CONF
LOG = log.getLogger(__name__)

#: Bytes of an answer read at most.
MAX_ANSWER_BYTES = 64 * 1024

_CLIENTS = singletons.Singletons()


class PoolError(exception.UtterVaException):
    """The pool did not accept a request; ``status`` None: no answer."""

    msg_fmt = _('The pool %(url)s answered %(status)s: %(reason)s')
    code = 502

    def __init__(self, url, status, reason, retry_after=None,
                 error_code=None):
        super().__init__(url=url, status=status or 'nothing',
                         reason=reason)
        self.url = url
        self.status = status
        self.reason = reason
        self.retry_after = retry_after
        self.error_code = error_code


def _retry_after(response):
    value = response.headers.get('Retry-After')
    try:
        return max(0, int(value)) if value is not None else None
    except ValueError:
        return None


def _reason(response, body):
    if isinstance(body, dict) and isinstance(body.get('error'), dict):
        error = body['error']
        return (str(error.get('message') or error.get('title') or
                    response.reason)[:500], error.get('code'))
    return response.reason or 'HTTP %d' % response.status_code, None


class PoolClient:
    """Requests to the pool at ``url``."""

    def __init__(self, url):
        self.url = url.rstrip('/')
        self.session = requests.Session()
        self.session.headers['User-Agent'] = (
            'utter-va/%s' % version.version_string())
        self.session.max_redirects = 0

    def _request(self, method, path, body=None, timeout=None):
        url = self.url + path
        try:
            response = self.session.request(
                method, url, json=body, allow_redirects=False,
                timeout=timeout or CONF.pool.timeout, stream=True)
        except requests.RequestException as exc:
            raise PoolError(url, None, exc.__class__.__name__ + ': ' +
                            str(exc)[:300])
        try:
            raw = response.raw.read(MAX_ANSWER_BYTES, decode_content=True)
        except Exception as exc:
            raise PoolError(url, None, 'reading the answer: %s' % exc)
        finally:
            response.close()
        try:
            answer = jsonutils.loads(raw) if raw else {}
        except ValueError:
            answer = None
        if response.status_code >= 300 or not isinstance(answer, dict):
            reason, code = _reason(response, answer)
            if 300 <= response.status_code < 400:
                reason = 'a redirect (to %s), not followed' % (
                    response.headers.get('Location'))
            raise PoolError(url, response.status_code, reason,
                            _retry_after(response), code)
        return response.status_code, answer

    def join(self, envelope):
        """POST a join envelope; (HTTP status, answer)."""
        return self._request('POST', '/v1/clouds', envelope)

    def publish(self, envelope):
        """POST a signed document; (HTTP status, answer)."""
        return self._request('POST', '/v1/documents', envelope)

    def cloud(self, cloud_id, timeout=None):
        """GET the pool's public view of a cloud."""
        return self._request('GET', '/v1/clouds/%s' % cloud_id,
                             timeout=timeout)[1]


def get(url):
    """The client of the pool at ``url``, one per process."""
    return _CLIENTS.get(url.rstrip('/'), lambda: PoolClient(url))


def reset():
    """Forget the clients built so far (after a fork, and in tests)."""
    _CLIENTS.reset()
