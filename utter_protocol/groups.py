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


"""Groups of clouds: a roster anyone holding the chain can verify.

A group is a hash chain of signed membership documents. Its first link,
``group_create``, is signed by the owner cloud and carries a name, a
description and a random ``nonce``; the group's id is the digest
(:func:`utter_protocol.signing.digest`) of that document. Every later
link names the ``group``, its ``sequence`` (its position: 1, 2, ...) and
the digest of the previous link's envelope (``previous``):

``group_invite``
    By the owner: the ``invited`` cloud and when the invitation
    ``expires_at``.
``group_accept``
    By the invited cloud: the digest of the invitation's envelope
    (``invitation``), before it expires. Only the invited cloud's
    signature makes it a member.
``group_leave``
    By a member that is not the owner.
``group_remove``
    By the owner: a ``member`` (or a cloud with a pending invitation,
    which cancels it).
``group_handover``
    By the owner: the ``owner`` to be, a member.

:func:`roster` checks a whole chain with nothing but the clouds' public
keys, so whoever stores the chain (a pool) cannot make a member: it can
only withhold links. :func:`member_request` is a member's fresh signed
request, checked by :func:`check_member_request`.
"""

import collections
import json
import secrets

import jsonschema

from utter_protocol import canonical
from utter_protocol import documents
from utter_protocol import errors
from utter_protocol import signing

CREATE = 'group_create'
INVITE = 'group_invite'
ACCEPT = 'group_accept'
LEAVE = 'group_leave'
REMOVE = 'group_remove'
HANDOVER = 'group_handover'
LINKS = (CREATE, INVITE, ACCEPT, LEAVE, REMOVE, HANDOVER)
MEMBER_REQUEST = 'member_request'
KINDS = LINKS + (MEMBER_REQUEST,)

#: The longest chain a group may have (every link is verified each time).
MAX_LINKS = 1000
#: The longest an invitation may be valid, seconds.
MAX_INVITATION = 30 * 86400
#: How old (or how far in the future) a member request may be, seconds.
REQUEST_WINDOW = 300
#: The HTTP header that carries a member request (see :func:`encode`).
HEADER = 'X-Utter-Member'
#: The purpose of a member request to read a group's chain or roster.
READ = 'read_group'

_HEX64 = documents._HEX64
_LINK = {'group': _HEX64, 'sequence': {
    'type': 'integer', 'minimum': 1, 'maximum': MAX_LINKS},
    'previous': _HEX64}
_PURPOSE = {'type': 'string', 'pattern': '^[a-z_]{1,32}$'}


def _link(kind, properties, required):
    fields = dict(_LINK)
    fields.update(properties)
    return documents._kind(kind, fields,
                           ['group', 'sequence', 'previous'] + required)


SCHEMAS = {
    CREATE: documents._kind(CREATE, {
        'name': documents._NAME,
        'description': {'type': 'string', 'maxLength': 2000},
        'nonce': {'type': 'string', 'pattern': '^[0-9a-f]{32}$'},
    }, ['name', 'nonce']),
    INVITE: _link(INVITE, {'invited': _HEX64,
                           'expires_at': documents._TIME},
                  ['invited', 'expires_at']),
    ACCEPT: _link(ACCEPT, {'invitation': _HEX64}, ['invitation']),
    LEAVE: _link(LEAVE, {}, []),
    REMOVE: _link(REMOVE, {'member': _HEX64}, ['member']),
    HANDOVER: _link(HANDOVER, {'owner': _HEX64}, ['owner']),
    MEMBER_REQUEST: documents._kind(MEMBER_REQUEST, {
        'group': _HEX64, 'purpose': _PURPOSE,
        'nonce': {'type': 'string', 'pattern': '^[0-9a-f]{32}$'},
    }, ['group', 'purpose', 'nonce']),
}

_VALIDATORS = {kind: jsonschema.Draft202012Validator(schema)
               for kind, schema in SCHEMAS.items()}

#: What a verified chain says: ``members`` includes the ``owner``;
#: ``invited`` maps a cloud to its pending invitation's expiry (text);
#: ``head`` is the digest of the last link's envelope, ``length`` the
#: number of links.
Roster = collections.namedtuple(
    'Roster', 'group name description owner members invited head length')


def check(envelope, kinds=LINKS):
    """The document of a well-formed membership envelope, unverified."""
    document = documents.check_envelope(envelope)
    kind = document.get('kind')
    if not isinstance(kind, str) or kind not in kinds:
        raise errors.ProtocolError('kind: one of %s' % ', '.join(kinds))
    documents.check_schema(_VALIDATORS[kind], document)
    for name in ('issued_at', 'expires_at'):
        if name in document:
            try:
                documents.parse_time(document[name])
            except ValueError:
                raise errors.ProtocolError('%s: not a time: %s' % (
                    name, document[name]))
    return document


def group_id(create):
    """The id of the group a create document (or its envelope) makes."""
    return signing.digest(create.get('document', create))


def create(key, name, description='', issued_at=None, cloud=None):
    """The signed envelope of a new group owned by ``key``'s cloud.

    ``cloud`` is the signer's id: by default the id ``key`` makes, which
    is only right until the cloud rotates its key.
    """
    document = _base(key, cloud, CREATE, issued_at, name=name,
                     description=description, nonce=secrets.token_hex(16))
    return signing.sign(key, document)


def link(key, kind, chain, issued_at=None, cloud=None, **fields):
    """The signed envelope of the next link of ``chain`` by ``key``."""
    document = _base(key, cloud, kind, issued_at, group=group_id(chain[0]),
                     sequence=len(chain), previous=signing.digest(chain[-1]),
                     **fields)
    return signing.sign(key, document)


def _base(key, cloud, kind, issued_at, **fields):
    cloud = cloud or signing.cloud_id(signing.public_key(key))
    document = documents.base(kind, cloud, **fields)
    if issued_at is not None:
        document['issued_at'] = documents.format_time(issued_at)
    return document


def _keys_of(keys, cloud):
    found = keys.get(cloud)
    if found is None:
        return ()
    return (found,) if isinstance(found, str) else tuple(found)


def _verify(envelope, keys, cloud):
    """Raise BadSignature unless one of ``cloud``'s keys signed it."""
    for key in _keys_of(keys, cloud):
        try:
            signing.verify(key, envelope)
            return
        except errors.BadSignature:
            continue
    raise errors.BadSignature('the signature is not by a key of cloud %s'
                              % cloud)


class _Refused(Exception):
    def __init__(self, error, reason):
        self.error = error
        self.reason = reason


def _rule(condition, reason, error=errors.NotAllowed):
    if not condition:
        raise _Refused(error, reason)


def roster(chain, keys):
    """Verify a group's whole chain; return its :class:`Roster`.

    ``chain`` is the list of envelopes in order, ``keys`` maps a cloud id
    to its public key (or to a list of its keys, old ones included).
    Raises ProtocolError naming the first bad link: BadSignature for a
    link not signed by its cloud, Stale for one in the wrong place (its
    ``previous`` or ``sequence``), NotAllowed for one the rules refuse.
    """
    if not chain:
        raise errors.ProtocolError('a chain has at least its create link')
    if len(chain) > MAX_LINKS:
        raise errors.ProtocolError('a chain has at most %d links' %
                                   MAX_LINKS)
    state = {}
    for index, envelope in enumerate(chain):
        try:
            document = check(envelope, (CREATE,) if index == 0 else
                             LINKS[1:])
            _verify(envelope, keys, document['cloud'])
            _apply(state, index, document, chain)
        except _Refused as exc:
            raise exc.error('link %d (%s): %s' % (
                index, document['kind'], exc.reason))
        except errors.ProtocolError as exc:
            raise type(exc)('link %d: %s' % (index, exc.reason))
    return Roster(group=state['group'], name=state['name'],
                  description=state['description'], owner=state['owner'],
                  members=frozenset(state['members']),
                  invited={c: documents.format_time(i['expires'])
                           for c, i in state['invited'].items()},
                  head=signing.digest(chain[-1]), length=len(chain))


def _apply(state, index, document, chain):
    cloud = document['cloud']
    issued = documents.parse_time(document['issued_at'])
    if index == 0:
        state.update(group=group_id(document), name=document['name'],
                     description=document.get('description', ''),
                     owner=cloud, members={cloud}, invited={},
                     invitations={}, issued=issued)
        return
    _rule(document['group'] == state['group'],
          'group: not %s' % state['group'], errors.Stale)
    _rule(document['sequence'] == index,
          'sequence: %d, not %d' % (document['sequence'], index),
          errors.Stale)
    _rule(document['previous'] == signing.digest(chain[index - 1]),
          'previous: not the digest of link %d' % (index - 1), errors.Stale)
    _rule(issued >= state['issued'], 'issued_at: before the previous link',
          errors.Stale)
    state['issued'] = issued
    owner, members = state['owner'], state['members']
    kind = document['kind']
    if kind == INVITE:
        invited = document['invited']
        expires = documents.parse_time(document['expires_at'])
        _rule(cloud == owner, 'only the owner invites')
        _rule(invited not in members, 'cloud %s is a member' % invited)
        _rule(issued < expires, 'expires_at: not after issued_at')
        _rule((expires - issued).total_seconds() <= MAX_INVITATION,
              'expires_at: at most %d s after issued_at' % MAX_INVITATION)
        invitation = {'cloud': invited, 'expires': expires}
        state['invited'][invited] = invitation
        state['invitations'][signing.digest(chain[index])] = invitation
    elif kind == ACCEPT:
        invitation = state['invitations'].get(document['invitation'])
        _rule(invitation is not None,
              'invitation: not a pending invitation of this group')
        _rule(invitation['cloud'] == cloud,
              'only the invited cloud accepts its invitation')
        _rule(state['invited'].get(cloud) is invitation,
              'invitation: replaced, cancelled or used')
        _rule(issued <= invitation['expires'], 'the invitation expired')
        del state['invited'][cloud]
        members.add(cloud)
    elif kind == LEAVE:
        _rule(cloud in members, 'cloud %s is not a member' % cloud)
        _rule(cloud != owner, 'the owner hands over before leaving')
        members.discard(cloud)
    elif kind == REMOVE:
        member = document['member']
        _rule(cloud == owner, 'only the owner removes')
        _rule(member != owner, 'the owner cannot remove itself')
        _rule(member in members or member in state['invited'],
              'cloud %s is neither a member nor invited' % member)
        members.discard(member)
        state['invited'].pop(member, None)
    elif kind == HANDOVER:
        _rule(cloud == owner, 'only the owner hands over')
        _rule(document['owner'] in members and document['owner'] != owner,
              'the new owner must be another member')
        state['owner'] = document['owner']


def member_request(key, cloud, group, purpose, issued_at=None):
    """A member's signed request about ``group``, for ``purpose``."""
    document = documents.base(MEMBER_REQUEST, cloud, group=group,
                              purpose=purpose, nonce=secrets.token_hex(16))
    if issued_at is not None:
        document['issued_at'] = documents.format_time(issued_at)
    return signing.sign(key, document)


def check_member_request(envelope, keys, group, purpose, at,
                         window=REQUEST_WINDOW):
    """The cloud id of a fresh member request; ProtocolError if not.

    Checks the schema, the signature by one of the cloud's ``keys``, that
    it names ``group`` and ``purpose``, and that it was issued within
    ``window`` seconds of ``at`` (naive UTC). Whether the cloud is a
    member is the caller's question (see :func:`roster`).
    """
    document = check(envelope, (MEMBER_REQUEST,))
    _verify(envelope, keys, document['cloud'])
    if document['group'] != group:
        raise errors.ProtocolError('group: not %s' % group)
    if document['purpose'] != purpose:
        raise errors.ProtocolError('purpose: not %s' % purpose)
    age = (at - documents.parse_time(document['issued_at'])).total_seconds()
    if abs(age) > window:
        raise errors.Stale('issued_at: more than %d s from now' % window)
    return document['cloud']


def encode(envelope):
    """An envelope as a header's value: base64url of its canonical JSON."""
    return signing.b64encode(canonical.dumps(envelope))


def decode(text):
    """The envelope of :func:`encode`'s text; ProtocolError if not one."""
    raw = signing.b64decode(text)
    if len(raw) > 4096:
        raise errors.ProtocolError('a member request has at most 4096 bytes')
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise errors.ProtocolError('not JSON')
