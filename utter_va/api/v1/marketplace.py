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

"""Operator route: this cloud at its marketplace.

It shows what utter-va-engine's marketplace driver recorded (the pool,
the cloud id, the status the pool gave at the join, and per kind of
document the last one the pool accepted and the last error); with
``check=true`` it also asks the pool for its own view of the cloud, with
a short timeout.
"""

import flask

from utter_protocol import documents

from utter_va.api import policy
from utter_va import conf
from utter_va.db import marketplace as db_marketplace
from utter_va import exception
from utter_va.i18n import _
from utter_va.marketplace import client as pool_client

CONF = conf.CONF

marketplace = flask.Blueprint('marketplace', __name__)

#: Seconds the pool has to answer a check.
CHECK_TIMEOUT = 3.0
_RECORD_FIELDS = ('sequence', 'document', 'accepted_at', 'attempted_at',
                  'last_error', 'last_error_at')


def _check(value):
    if value in (None, '', 'false', '0', 'no'):
        return False
    if value in ('true', '1', 'yes'):
        return True
    raise exception.Invalid(reason=_('check: true or false'))


def _pool_view(url, cloud):
    try:
        answer = pool_client.get(url).cloud(
            cloud, timeout=min(CHECK_TIMEOUT, CONF.pool.timeout))
    except pool_client.PoolError as exc:
        return {'error': '%s %s' % (exc.status or 'no answer', exc.reason)}
    return {'status': answer.get('status'),
            'public_keys': answer.get('public_keys'),
            'last_accepted': answer.get('last_accepted'),
            'reliability': answer.get('reliability')}


@marketplace.get('/v1/marketplace')
def show_marketplace():
    """This cloud at its marketplace: pool, cloud, what was accepted."""
    policy.authorize('utter:marketplace:get')
    check = _check(flask.request.args.get('check'))
    records = db_marketplace.documents()
    joined = records.get(documents.JOIN) or {}
    url = CONF.pool.url or joined.get('pool_url')
    cloud = joined.get('cloud') or next(
        (r['cloud'] for r in records.values() if r.get('cloud')), None)
    left = (records.get(documents.LEAVE) or {}).get('accepted_at')
    status = joined.get('pool_status')
    if left and (not joined.get('accepted_at') or
                 left > joined['accepted_at']):
        status = 'left'
    view = {
        'driver': CONF.marketplace.driver,
        'pool_url': url.rstrip('/') if url else None,
        'cloud': cloud,
        'status': status,
        'documents': {kind: {f: record.get(f) for f in _RECORD_FIELDS}
                      for kind, record in sorted(records.items())},
    }
    if check and url and cloud:
        view['pool'] = _pool_view(url, cloud)
    return view


show_marketplace.api_parameters = [
    {'name': 'check', 'in': 'query', 'required': False,
     'schema': {'type': 'boolean'},
     'description': 'Also ask the pool for its view of this cloud.'}]
