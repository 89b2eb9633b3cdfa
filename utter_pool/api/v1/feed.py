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

"""The transparency feed: ``GET /v1/feed?since=<n>&limit=<m>``.

JSON lines (``application/x-ndjson``), one per accepted document, in
order: ``{"seq": n, "cloud": id, "kind": k, "envelope": {...}}``. The
envelopes are the clouds' own signed documents, so a follower verifies
each one itself; ``since`` is exclusive: read on from the last ``seq``.
"""

import json

import flask

from utter_pool.api import query
from utter_pool.api import request
from utter_pool.db import feed as db_feed

feed = flask.Blueprint('feed', __name__)

FEED = {
    'since': query.Param(kind=int, minimum=0, maximum=2 ** 62, default=0),
    'limit': query.Param(kind=int, minimum=1, maximum=1000, default=100),
}


@feed.route('/v1/feed', methods=['GET'])
def read():
    request.limit_reads()
    values = query.parse(FEED)
    # NOTE: the envelope goes out as the very bytes that were accepted.
    lines = ['{"seq":%d,"cloud":%s,"kind":%s,"envelope":%s}\n' % (
        entry['seq'], json.dumps(entry['cloud']), json.dumps(entry['kind']),
        entry['envelope'])
        for entry in db_feed.since(values['since'], values['limit'])]
    return flask.Response(''.join(lines), mimetype='application/x-ndjson')
