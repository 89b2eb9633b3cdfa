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


"""Groups on the pool: each route, refusals change nothing, 404 to others."""

import datetime

from oslo_utils import timeutils

from utter_pool.db import clouds as db_clouds
from utter_pool.tests.unit import base
from utter_pool.tests.unit import fakes
from utter_protocol import documents
from utter_protocol import groups
from utter_protocol import signing


class GroupsTestCase(base.TestCase):
    """Approved clouds A (the owner), B and C, and A's group."""

    def setUp(self):
        super().setUp()
        timeutils.set_time_override(datetime.datetime(2026, 12, 1, 10))
        self.a, self.b, self.c = (self.approved(n) for n in 'ABC')
        self.chain = [groups.create(self.a.key, 'Friends', 'Us',
                                    issued_at=timeutils.utcnow())]
        response = self.client.post('/v1/groups', json=self.chain[0])
        self.assertEqual(201, response.status_code, response.data)
        self.group = response.get_json()['group']

    def approved(self, name):
        cloud = fakes.FakeCloud(name='Cloud %s' % name)
        self.assertEqual(202, self.client.post(
            '/v1/clouds', json=cloud.join()).status_code)
        db_clouds.set_status(cloud.id, 'approved', timeutils.utcnow())
        return cloud

    def link(self, cloud, kind, chain=None, **fields):
        chain = chain or self.chain
        return groups.link(cloud.key, kind, chain, cloud=cloud.id,
                           issued_at=timeutils.utcnow(), **fields)

    def post(self, envelope, group=None):
        response = self.client.post(
            '/v1/groups/%s/members' % (group or self.group), json=envelope)
        if response.status_code == 202:
            self.chain.append(envelope)
        return response

    def invite(self, cloud):
        expires = timeutils.utcnow() + datetime.timedelta(hours=1)
        envelope = self.link(self.a, groups.INVITE, invited=cloud.id,
                             expires_at=documents.format_time(expires))
        response = self.post(envelope)
        self.assertEqual(202, response.status_code, response.data)
        return envelope

    def accept(self, invitation, cloud):
        return self.post(self.link(cloud, groups.ACCEPT,
                                   invitation=signing.digest(invitation)))

    def join(self, cloud):
        self.assertEqual(202, self.accept(self.invite(cloud), cloud)
                         .status_code)

    def read(self, path='', cloud=None, request=None, purpose=groups.READ):
        headers = {}
        if cloud is not None:
            request = groups.member_request(
                cloud.key, cloud.id, self.group, purpose,
                timeutils.utcnow())
        if request is not None:
            headers[groups.HEADER] = groups.encode(request)
        return self.client.get('/v1/groups/%s%s' % (self.group, path),
                               headers=headers)

    def assertRefused(self, envelope, code, contains=None):
        before = self.snapshot()
        self.assertError(self.post(envelope), code, contains)
        self.assertEqual(before, self.snapshot())


class TestGroups(GroupsTestCase):

    def test_create_makes_a_group_of_its_owner(self):
        self.assertEqual(groups.group_id(self.chain[0]), self.group)
        shown = self.read(cloud=self.a)
        self.assertEqual(200, shown.status_code, shown.data)
        group = shown.get_json()['group']
        self.assertEqual((self.a.id, [self.a.id], 'Friends', 1),
                         (group['owner'], group['members'], group['name'],
                          group['length']))

    def test_a_member_verifies_the_chain_it_reads(self):
        self.join(self.b)
        raw = self.read('/chain', cloud=self.b)
        self.assertEqual(200, raw.status_code, raw.data)
        links = raw.get_json()['links']
        self.assertEqual(self.chain, links)
        keys = {c.id: c.public_key for c in (self.a, self.b)}
        roster = groups.roster(links, keys)
        self.assertEqual({self.a.id, self.b.id}, roster.members)
        group = self.read(cloud=self.b).get_json()['group']
        self.assertEqual(sorted(roster.members), group['members'])
        self.assertEqual(roster.head, group['head'])

    def test_invite_accept_remove_handover_leave(self):
        self.join(self.b)
        self.join(self.c)
        response = self.post(self.link(self.a, groups.REMOVE,
                                       member=self.b.id))
        self.assertEqual(202, response.status_code, response.data)
        self.assertEqual(sorted([self.a.id, self.c.id]),
                         response.get_json()['members'])
        self.assertEqual(202, self.post(self.link(
            self.a, groups.HANDOVER, owner=self.c.id)).status_code)
        response = self.post(self.link(self.a, groups.LEAVE))
        self.assertEqual(202, response.status_code)
        self.assertEqual((self.c.id, [self.c.id], 7),
                         (response.get_json()['owner'],
                          response.get_json()['members'],
                          response.get_json()['sequence']))
        self.assertEqual(404, self.read(cloud=self.a).status_code)
        self.assertEqual(404, self.read(cloud=self.b).status_code)
        self.assertEqual(200, self.read(cloud=self.c).status_code)

    def test_a_removed_member_gets_404(self):
        self.join(self.b)
        self.assertEqual(200, self.read('/chain', cloud=self.b).status_code)
        self.post(self.link(self.a, groups.REMOVE, member=self.b.id))
        self.assertError(self.read('/chain', cloud=self.b), 404)

    def test_links_are_not_in_the_public_feed(self):
        self.join(self.b)
        kinds = {line.split(b'"kind":')[1].split(b',')[0]
                 for line in self.client.get('/v1/feed').data.splitlines()}
        self.assertEqual({b'"join"'}, kinds)


class TestReads(GroupsTestCase):

    def test_anonymous_non_member_and_unknown_group_get_the_same_404(self):
        unknown = self.client.get('/v1/groups/%s' % ('0' * 64)).get_json()
        for path in ('', '/chain'):
            for response in (self.read(path), self.read(path, self.b)):
                error = self.assertError(response, 404)
                self.assertEqual(
                    unknown['error']['message'].replace('0' * 64,
                                                        self.group),
                    error['message'])

    def test_an_invited_cloud_is_not_yet_a_member(self):
        self.invite(self.b)
        self.assertError(self.read(cloud=self.b), 404)

    def test_stale_forged_and_misdirected_requests_get_404(self):
        old = groups.member_request(
            self.a.key, self.a.id, self.group, groups.READ,
            timeutils.utcnow() - datetime.timedelta(seconds=301))
        forged = groups.member_request(self.b.key, self.a.id, self.group,
                                       groups.READ)
        other = groups.member_request(self.a.key, self.a.id, '1' * 64,
                                      groups.READ)
        for request in (old, forged, other):
            self.assertError(self.read(request=request), 404)
        self.assertError(self.read(cloud=self.a, purpose='order'), 404)
        self.assertError(self.client.get(
            '/v1/groups/%s' % self.group,
            headers={groups.HEADER: 'not a request'}), 404)

    def test_a_suspended_member_gets_404(self):
        db_clouds.set_status(self.a.id, 'suspended', timeutils.utcnow())
        self.assertError(self.read(cloud=self.a), 404)


class TestRefused(GroupsTestCase):

    def test_a_forged_link(self):
        envelope = self.link(self.a, groups.INVITE, invited=self.b.id,
                             expires_at='2026-12-02T00:00:00Z')
        envelope['document']['invited'] = self.c.id
        self.assertRefused(envelope, 403, 'signature')

    def test_a_link_with_the_wrong_previous_digest(self):
        self.invite(self.b)
        replay = self.link(self.a, groups.INVITE, chain=self.chain[:1],
                           invited=self.c.id,
                           expires_at='2026-12-02T00:00:00Z')
        self.assertRefused(replay, 409, 'sequence')
        document = self.link(self.a, groups.INVITE, invited=self.c.id,
                             expires_at='2026-12-02T00:00:00Z')['document']
        document['previous'] = signing.digest(self.chain[0])
        self.assertRefused(signing.sign(self.a.key, document), 409,
                           'previous')

    def test_a_replayed_link(self):
        invitation = self.invite(self.b)
        self.assertRefused(invitation, 409, 'sequence')

    def test_an_acceptance_by_another_cloud(self):
        invitation = self.invite(self.b)
        self.assertRefused(self.link(self.c, groups.ACCEPT,
                                     invitation=signing.digest(invitation)),
                           403, 'only the invited cloud')

    def test_an_invitation_from_a_non_owner(self):
        self.join(self.b)
        self.assertRefused(self.link(self.b, groups.INVITE,
                                     invited=self.c.id,
                                     expires_at='2026-12-02T00:00:00Z'),
                           403, 'only the owner invites')

    def test_the_owner_cannot_leave(self):
        self.assertRefused(self.link(self.a, groups.LEAVE), 403,
                           'hands over')

    def test_an_unapproved_cloud_can_neither_create_nor_accept(self):
        pending = fakes.FakeCloud(name='Pending')
        self.client.post('/v1/clouds', json=pending.join())
        before = self.snapshot()
        self.assertError(self.client.post('/v1/groups', json=groups.create(
            pending.key, 'Mine', issued_at=timeutils.utcnow())), 403,
            'pending')
        self.assertEqual(before, self.snapshot())
        invitation = self.invite(pending)
        self.assertRefused(self.link(pending, groups.ACCEPT,
                                     invitation=signing.digest(invitation)),
                           403, 'pending')

    def test_an_unknown_cloud_and_an_unknown_group(self):
        stranger = fakes.FakeCloud()
        self.assertError(self.client.post('/v1/groups', json=groups.create(
            stranger.key, 'Mine', issued_at=timeutils.utcnow())), 403,
            'Unknown cloud')
        before = self.snapshot()
        envelope = self.link(self.a, groups.LEAVE)
        self.assertError(self.post(envelope, group='2' * 64), 400, 'group')
        self.assertEqual(before, self.snapshot())

    def test_a_link_of_another_time(self):
        expires = '2026-12-02T00:00:00Z'
        for minutes in (-6, 6):
            envelope = groups.link(
                self.a.key, groups.INVITE, self.chain,
                issued_at=timeutils.utcnow() + datetime.timedelta(
                    minutes=minutes), invited=self.b.id, expires_at=expires)
            self.assertRefused(envelope, 409, 'issued_at')

    def test_a_create_twice_and_a_create_as_a_link(self):
        self.assertError(self.client.post('/v1/groups', json=self.chain[0]),
                         409, 'exists')
        self.assertRefused(self.chain[0], 400, 'kind')

    def test_a_link_sent_to_create_and_bad_bodies(self):
        self.assertError(self.client.post('/v1/groups', json=self.link(
            self.a, groups.LEAVE)), 400, 'kind')
        self.assertError(self.client.post(
            '/v1/groups', data=b'{nope',
            content_type='application/json'), 400, 'not JSON')

    def test_a_rotated_key_no_longer_signs_links(self):
        old_key = self.a.key
        old_key_public = self.a.public_key
        self.assertEqual(202, self.client.post(
            '/v1/documents', json=self.a.rotate()).status_code)
        stale = groups.link(old_key, groups.INVITE, self.chain,
                            issued_at=timeutils.utcnow(), cloud=self.a.id,
                            invited=self.b.id,
                            expires_at='2026-12-02T00:00:00Z')
        self.assertRefused(stale, 403, 'signature')
        # NOTE: the create link signed by the old key still verifies.
        self.invite(self.b)
        chain = self.read('/chain', cloud=self.a).get_json()['links']
        keys = {self.a.id: [old_key_public, self.a.public_key]}
        self.assertEqual({self.a.id}, groups.roster(chain, keys).members)
