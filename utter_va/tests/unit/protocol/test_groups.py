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


"""Groups: the roster of a chain of signed links, and member requests."""

import copy
import datetime
import os
import tempfile

import testtools

from utter_protocol import errors
from utter_protocol import groups
from utter_protocol import signing

T0 = datetime.datetime(2026, 12, 1, 10, 0, 0)


class Cloud:
    """A key and its cloud id."""

    def __init__(self):
        self.key = signing.generate(os.path.join(tempfile.mkdtemp(), 'k'))
        self.public_key = signing.public_key(self.key)
        self.id = signing.cloud_id(self.public_key)


def minutes(n):
    return T0 + datetime.timedelta(minutes=n)


class GroupTestCase(testtools.TestCase):
    """Clouds A (owner), B, C and D, and A's new group."""

    def setUp(self):
        super().setUp()
        self.a, self.b, self.c, self.d = (Cloud() for _ in range(4))
        self.keys = {c.id: c.public_key for c in (self.a, self.b, self.c,
                                                  self.d)}
        self.chain = [groups.create(self.a.key, 'Friends', 'Us',
                                    issued_at=T0)]
        self.clock = 0

    def add(self, cloud, kind, **fields):
        self.clock += 1
        envelope = groups.link(cloud.key, kind, self.chain,
                               issued_at=minutes(self.clock), **fields)
        self.chain.append(envelope)
        return envelope

    def invite(self, cloud, by=None, hours=1):
        return self.add(by or self.a, groups.INVITE, invited=cloud.id,
                        expires_at=groups.documents.format_time(
                            minutes(self.clock + 1) +
                            datetime.timedelta(hours=hours)))

    def accept(self, invitation, by):
        return self.add(by, groups.ACCEPT,
                        invitation=signing.digest(invitation))

    def roster(self):
        return groups.roster(self.chain, self.keys)

    def assertRefused(self, error, contains, index=None):
        exc = self.assertRaises(error, self.roster)
        self.assertIn(contains, exc.reason)
        index = len(self.chain) - 1 if index is None else index
        self.assertIn('link %d' % index, exc.reason)


class TestRoster(GroupTestCase):

    def test_a_new_group_has_its_owner(self):
        roster = self.roster()
        self.assertEqual(signing.digest(self.chain[0]['document']),
                         roster.group)
        self.assertEqual(groups.group_id(self.chain[0]), roster.group)
        self.assertEqual((self.a.id, frozenset({self.a.id}), 'Friends', 1),
                         (roster.owner, roster.members, roster.name,
                          roster.length))

    def test_the_roster_by_hand(self):
        # create, invite B, accept, invite C, accept, remove B,
        # hand over to C, A leaves.
        self.accept(self.invite(self.b), self.b)
        self.assertEqual({self.a.id, self.b.id}, self.roster().members)
        invitation = self.invite(self.c)
        self.assertEqual([self.c.id], list(self.roster().invited))
        self.accept(invitation, self.c)
        self.assertEqual({self.a.id, self.b.id, self.c.id},
                         self.roster().members)
        self.assertEqual({}, self.roster().invited)
        self.add(self.a, groups.REMOVE, member=self.b.id)
        self.assertEqual({self.a.id, self.c.id}, self.roster().members)
        self.add(self.a, groups.HANDOVER, owner=self.c.id)
        self.assertEqual(self.c.id, self.roster().owner)
        self.add(self.a, groups.LEAVE)
        roster = self.roster()
        self.assertEqual((self.c.id, frozenset({self.c.id}), 8,
                          signing.digest(self.chain[-1])),
                         (roster.owner, roster.members, roster.length,
                          roster.head))

    def test_keys_may_be_lists_of_a_clouds_keys(self):
        self.accept(self.invite(self.b), self.b)
        keys = {k: [Cloud().public_key, v] for k, v in self.keys.items()}
        self.assertEqual(2, len(groups.roster(self.chain, keys).members))

    def test_a_removed_member_can_be_invited_again(self):
        self.accept(self.invite(self.b), self.b)
        self.add(self.a, groups.REMOVE, member=self.b.id)
        self.accept(self.invite(self.b), self.b)
        self.assertIn(self.b.id, self.roster().members)

    def test_removing_an_invited_cloud_cancels_its_invitation(self):
        invitation = self.invite(self.b)
        self.add(self.a, groups.REMOVE, member=self.b.id)
        self.assertEqual({}, self.roster().invited)
        self.accept(invitation, self.b)
        self.assertRefused(errors.NotAllowed, 'cancelled')


class TestRefused(GroupTestCase):

    def test_a_forged_link(self):
        self.invite(self.b)
        self.chain[-1]['signature'] = signing.b64encode(b'\0' * 64)
        self.assertRefused(errors.BadSignature, 'not by a key')

    def test_a_tampered_link(self):
        self.invite(self.b)
        self.chain[-1]['document']['invited'] = self.c.id
        self.assertRefused(errors.BadSignature, 'not by a key')

    def test_a_link_signed_by_another_key_than_its_clouds(self):
        self.invite(self.b)
        self.chain[-1] = signing.sign(self.b.key, self.chain[-1]['document'])
        self.assertRefused(errors.BadSignature, self.a.id)

    def test_an_unknown_cloud(self):
        del self.keys[self.a.id]
        self.assertRefused(errors.BadSignature, 'not by a key', 0)

    def test_a_wrong_previous_digest(self):
        self.invite(self.b)
        document = copy.deepcopy(self.chain[-1]['document'])
        document['previous'] = 'f' * 64
        self.chain[-1] = signing.sign(self.a.key, document)
        self.assertRefused(errors.Stale, 'previous')

    def test_a_replayed_link(self):
        invitation = self.invite(self.b)
        self.accept(invitation, self.b)
        self.chain.append(self.chain[-1])
        self.assertRefused(errors.Stale, 'sequence')

    def test_reordered_links(self):
        self.accept(self.invite(self.b), self.b)
        self.invite(self.c)
        self.chain[1], self.chain[2] = self.chain[2], self.chain[1]
        self.assertRefused(errors.Stale, 'sequence', 1)

    def test_a_link_of_another_group(self):
        other = [groups.create(self.a.key, 'Other', issued_at=T0)]
        self.chain.append(groups.link(
            self.a.key, groups.INVITE, other, issued_at=minutes(1),
            invited=self.b.id, expires_at='2026-12-02T00:00:00Z'))
        self.assertRefused(errors.Stale, 'group')

    def test_a_create_in_the_middle(self):
        self.chain.append(groups.create(self.a.key, 'Again'))
        self.assertRefused(errors.ProtocolError, 'kind')

    def test_an_invitation_from_a_non_owner(self):
        self.accept(self.invite(self.b), self.b)
        self.invite(self.c, by=self.b)
        self.assertRefused(errors.NotAllowed, 'only the owner invites')

    def test_an_acceptance_by_another_cloud(self):
        invitation = self.invite(self.b)
        self.accept(invitation, self.c)
        self.assertRefused(errors.NotAllowed, 'only the invited cloud')

    def test_an_acceptance_after_the_expiry(self):
        invitation = self.invite(self.b, hours=1)
        self.clock += 120
        self.accept(invitation, self.b)
        self.assertRefused(errors.NotAllowed, 'expired')

    def test_an_acceptance_of_no_invitation(self):
        self.accept(self.chain[0], self.b)
        self.assertRefused(errors.NotAllowed, 'not a pending invitation')

    def test_an_invitation_accepted_twice(self):
        invitation = self.invite(self.b)
        self.accept(invitation, self.b)
        self.accept(invitation, self.b)
        self.assertRefused(errors.NotAllowed, 'used')

    def test_a_replaced_invitation(self):
        first = self.invite(self.b)
        self.invite(self.b)
        self.accept(first, self.b)
        self.assertRefused(errors.NotAllowed, 'replaced')

    def test_an_invitation_of_a_member(self):
        self.invite(self.a)
        self.assertRefused(errors.NotAllowed, 'is a member')

    def test_an_invitation_too_long(self):
        self.invite(self.b, hours=24 * 31)
        self.assertRefused(errors.NotAllowed, 'at most')

    def test_a_removed_member_is_no_member(self):
        self.accept(self.invite(self.b), self.b)
        self.add(self.a, groups.REMOVE, member=self.b.id)
        self.assertNotIn(self.b.id, self.roster().members)
        self.add(self.b, groups.LEAVE)
        self.assertRefused(errors.NotAllowed, 'not a member')

    def test_a_departed_member_is_no_member(self):
        self.accept(self.invite(self.b), self.b)
        self.add(self.b, groups.LEAVE)
        self.assertEqual({self.a.id}, self.roster().members)
        self.add(self.a, groups.HANDOVER, owner=self.b.id)
        self.assertRefused(errors.NotAllowed, 'another member')

    def test_the_owner_cannot_leave(self):
        self.add(self.a, groups.LEAVE)
        self.assertRefused(errors.NotAllowed, 'hands over')

    def test_a_removal_by_a_non_owner(self):
        self.accept(self.invite(self.b), self.b)
        self.accept(self.invite(self.c), self.c)
        self.add(self.b, groups.REMOVE, member=self.c.id)
        self.assertRefused(errors.NotAllowed, 'only the owner removes')

    def test_the_owner_cannot_remove_itself(self):
        self.add(self.a, groups.REMOVE, member=self.a.id)
        self.assertRefused(errors.NotAllowed, 'itself')

    def test_a_handover_by_a_non_owner(self):
        self.accept(self.invite(self.b), self.b)
        self.add(self.b, groups.HANDOVER, owner=self.b.id)
        self.assertRefused(errors.NotAllowed, 'only the owner hands over')

    def test_a_handover_to_a_non_member(self):
        self.add(self.a, groups.HANDOVER, owner=self.d.id)
        self.assertRefused(errors.NotAllowed, 'another member')

    def test_the_old_owner_loses_the_owners_rights(self):
        self.accept(self.invite(self.b), self.b)
        self.add(self.a, groups.HANDOVER, owner=self.b.id)
        self.invite(self.c)
        self.assertRefused(errors.NotAllowed, 'only the owner invites')

    def test_a_link_dated_before_the_previous(self):
        self.invite(self.b)
        self.clock = -10
        self.invite(self.c)
        self.assertRefused(errors.Stale, 'issued_at')

    def test_an_empty_chain_and_a_bad_schema(self):
        self.assertRaises(errors.ProtocolError, groups.roster, [], {})
        self.invite(self.b)
        document = copy.deepcopy(self.chain[-1]['document'])
        document['buyer'] = 'x'
        self.chain[-1] = signing.sign(self.a.key, document)
        self.assertRefused(errors.ProtocolError, 'buyer')


class TestMemberRequest(GroupTestCase):

    def check(self, envelope, at=T0, group=None, purpose='read_group'):
        return groups.check_member_request(
            envelope, self.keys, group or groups.group_id(self.chain[0]),
            purpose, at)

    def request(self, cloud, issued_at=T0, purpose='read_group'):
        return groups.member_request(
            cloud.key, cloud.id, groups.group_id(self.chain[0]), purpose,
            issued_at)

    def test_a_fresh_request_names_its_cloud(self):
        request = self.request(self.b)
        self.assertEqual(self.b.id, self.check(request))
        self.assertEqual(self.b.id, self.check(
            request, at=T0 + datetime.timedelta(seconds=290)))
        self.assertEqual(request, groups.decode(groups.encode(request)))

    def test_a_stale_request_and_one_from_the_future(self):
        request = self.request(self.b)
        for seconds in (301, -301):
            self.assertRaises(errors.Stale, self.check, request,
                              at=T0 + datetime.timedelta(seconds=seconds))

    def test_a_forged_request(self):
        request = self.request(self.b)
        request['document']['cloud'] = self.c.id
        self.assertRaises(errors.BadSignature, self.check, request)

    def test_another_group_or_purpose(self):
        request = self.request(self.b)
        self.assertRaises(errors.ProtocolError, self.check, request,
                          group='0' * 64)
        self.assertRaises(errors.ProtocolError, self.check, request,
                          purpose='order')

    def test_a_link_is_not_a_request(self):
        self.assertRaises(errors.ProtocolError, self.check, self.chain[0])

    def test_text_that_is_no_request(self):
        self.assertRaises(errors.ProtocolError, groups.decode, 'not b64!')
        self.assertRaises(errors.ProtocolError, groups.decode,
                          signing.b64encode(b'{nope'))
