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


"""A group of two clouds on a real pool process (PostgreSQL).

Clouds A and B join and are approved; A creates a group and invites B,
B accepts. A third cloud, an anonymous client and a forged or replayed
link are refused; B fetches the chain and verifies the roster itself.
"""

import datetime
import json
import urllib.error
import urllib.request

from oslo_utils import timeutils
import testtools

from utter_pool.tests.functional import test_pool
from utter_pool.tests.unit import fakes
from utter_protocol import documents
from utter_protocol import groups
from utter_protocol import signing


class TestGroupOnPostgreSQL(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.pool = self.useFixture(test_pool.PoolProcess())

    def get(self, path, cloud=None, group=None):
        headers = {}
        if cloud is not None:
            headers[groups.HEADER] = groups.encode(groups.member_request(
                cloud.key, cloud.id, group, groups.READ))
        request = urllib.request.Request(self.pool.url + path,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def approved(self, name):
        cloud = fakes.FakeCloud(name)
        self.assertEqual(202, self.pool.call('POST', '/v1/clouds',
                                             cloud.join())[0])
        self.pool.manage('cloud', 'approve', cloud.id)
        return cloud

    def test_a_group_of_two_and_what_others_see(self):
        pool = self.pool
        a, b, c = (self.approved('Cloud %s' % n) for n in 'ABC')
        chain = [groups.create(a.key, 'Friends', 'A and B')]
        status, made = pool.call('POST', '/v1/groups', chain[0])
        self.assertEqual(201, status, made)
        group = made['group']
        expires = timeutils.utcnow() + datetime.timedelta(hours=1)
        chain.append(groups.link(a.key, groups.INVITE, chain,
                                 invited=b.id,
                                 expires_at=documents.format_time(expires)))
        members = '/v1/groups/%s/members' % group
        self.assertEqual(202, pool.call('POST', members, chain[-1])[0])
        forged = groups.link(c.key, groups.ACCEPT, chain,
                             invitation=signing.digest(chain[-1]))
        status, error = pool.call('POST', members, forged)
        self.assertEqual(403, status, error)
        chain.append(groups.link(b.key, groups.ACCEPT, chain,
                                 invitation=signing.digest(chain[-1])))
        status, accepted = pool.call('POST', members, chain[-1])
        self.assertEqual(202, status, accepted)
        self.assertEqual(sorted([a.id, b.id]), accepted['members'])
        self.assertEqual(409, pool.call('POST', members, chain[-1])[0])

        for path in ('/v1/groups/' + group, '/v1/groups/%s/chain' % group):
            self.assertEqual(404, self.get(path)[0])
            self.assertEqual(404, self.get(path, c, group)[0])
        status, shown = self.get('/v1/groups/' + group, b, group)
        self.assertEqual(200, status, shown)
        self.assertEqual(sorted([a.id, b.id]), shown['group']['members'])

        status, fetched = self.get('/v1/groups/%s/chain' % group, b, group)
        self.assertEqual(200, status, fetched)
        keys = {}
        for cloud_id in {link['document']['cloud']
                         for link in fetched['links']}:
            found = self.get('/v1/clouds/' + cloud_id)[1]['cloud']
            first = found['public_keys'][0]['key']
            # NOTE: a cloud's id is the SHA-256 of its first key: B checks
            # the keys the pool gave it, as it checks the chain.
            self.assertEqual(cloud_id, signing.cloud_id(first))
            keys[cloud_id] = [k['key'] for k in found['public_keys']]
        roster = groups.roster(fetched['links'], keys)
        self.assertEqual((a.id, frozenset({a.id, b.id})),
                         (roster.owner, roster.members))
        self.assertEqual(shown['group']['head'], roster.head)
