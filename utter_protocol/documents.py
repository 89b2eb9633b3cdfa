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


"""The documents a cloud signs, their JSON schemas and their limits.

Every document names the protocol ``version``, its ``kind``, the
``cloud`` (its id, see :func:`utter_protocol.signing.cloud_id`) and when
it was ``issued_at`` (RFC 3339, UTC). The kinds:

``join``
    A cloud asks a pool to list it: name, description, region, country
    (ISO 3166-1 alpha-2), optional latitude and longitude, the public URL
    of its buyer API and of its storefront, and its ``public_key`` (whose
    SHA-256 is its id). Signed by that key.
``offers``
    Everything the cloud sells now, replacing what it published before:
    per flavor its specs, images, price per hour now, units left, hour
    limits and visibility. Carries a ``sequence`` and an ``expires_at``:
    a heartbeat re-sends it.
``events``
    Anonymous order reports: per order its ``order`` hash (never its id),
    the ``state`` it reached, when, and a close reason. Never the buyer's
    data, token, address, key or callback URL: the schema has no place
    for them.
``rotate_key``
    A new public key, signed by the current one, with ``proof``: the
    signature of the cloud id by the new key (so nobody hands a pool a key
    it does not hold).
``leave``
    The cloud leaves the pool.

Every kind but ``join`` carries a ``sequence``: a pool accepts a
document only with a sequence above the last one it accepted of that
cloud and kind, so a replayed or older document changes nothing.
"""

import datetime

import jsonschema

from utter_protocol import canonical
from utter_protocol import errors
from utter_protocol import signing
from utter_protocol import VERSION

JOIN = 'join'
OFFERS = 'offers'
EVENTS = 'events'
ROTATE_KEY = 'rotate_key'
LEAVE = 'leave'
KINDS = (JOIN, OFFERS, EVENTS, ROTATE_KEY, LEAVE)

#: The largest envelope, in bytes of canonical JSON, and the most items.
MAX_BYTES = 256 * 1024
MAX_OFFERS = 200
MAX_EVENTS = 500
MAX_IMAGES = 50
#: How far in the future ``issued_at`` may be (clocks differ), seconds.
CLOCK_SKEW = 300
#: The longest an offers document may say it is valid, seconds.
MAX_LIFETIME = 86400

#: The order states an event may report.
STATES = ('paid', 'active', 'suspended', 'terminated', 'failed', 'expired',
          'cancelled')

_TEXT = {'type': 'string', 'maxLength': 255}
_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_TIME = {'type': 'string', 'maxLength': 40,
         'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$'}
_HEX64 = {'type': 'string', 'pattern': '^[0-9a-f]{64}$'}
_KEY = {'type': 'string', 'pattern': '^[A-Za-z0-9_-]{43}$'}
_SIG = {'type': 'string', 'pattern': '^[A-Za-z0-9_-]{86}$'}
_URL = {'type': 'string', 'maxLength': 2048, 'pattern': r'^https?://\S+$'}
_COUNT = {'type': 'integer', 'minimum': 0, 'maximum': 10 ** 9}
_SEQUENCE = {'type': 'integer', 'minimum': 1, 'maximum': 2 ** 62}


def _kind(kind, properties, required):
    props = {'version': {'const': VERSION}, 'kind': {'const': kind},
             'cloud': _HEX64, 'issued_at': _TIME}
    props.update(properties)
    return {'type': 'object', 'properties': props,
            'required': ['version', 'kind', 'cloud', 'issued_at'] +
            required, 'additionalProperties': False}


OFFER = {
    'type': 'object',
    'properties': {
        'flavor_id': _NAME, 'flavor_name': _NAME,
        'vcpus': _COUNT, 'ram_mb': _COUNT, 'disk_gb': _COUNT,
        'images': {'type': 'array', 'maxItems': MAX_IMAGES,
                   'items': _NAME},
        'image_url': {'type': 'boolean'},
        'sats_per_hour': {'type': 'integer', 'minimum': 1,
                          'maximum': 10 ** 11},
        'units_available': _COUNT,
        'min_hours': {'type': 'integer', 'minimum': 1, 'maximum': 87600},
        'max_hours': {'type': 'integer', 'minimum': 1, 'maximum': 87600},
        'visibility': {'enum': ['public']},
    },
    'required': ['flavor_id', 'flavor_name', 'vcpus', 'ram_mb', 'disk_gb',
                 'images', 'sats_per_hour', 'units_available', 'min_hours',
                 'max_hours', 'visibility'],
    'additionalProperties': False,
}

EVENT = {
    'type': 'object',
    'properties': {
        'order': _HEX64,
        'state': {'enum': list(STATES)},
        'at': _TIME,
        'flavor_id': _NAME,
        'close_reason': {'type': ['string', 'null'], 'maxLength': 64,
                         'pattern': '^[a-z_]*$'},
    },
    'required': ['order', 'state', 'at'],
    'additionalProperties': False,
}

SCHEMAS = {
    JOIN: _kind(JOIN, {
        'public_key': _KEY, 'name': _NAME, 'description': {
            'type': 'string', 'maxLength': 2000},
        'region': _TEXT,
        'country': {'type': 'string', 'pattern': '^[A-Z]{2}$'},
        'latitude': {'type': 'number', 'minimum': -90, 'maximum': 90},
        'longitude': {'type': 'number', 'minimum': -180, 'maximum': 180},
        'api_url': _URL, 'storefront_url': _URL,
    }, ['public_key', 'name', 'region', 'country', 'api_url',
        'storefront_url']),
    OFFERS: _kind(OFFERS, {
        'sequence': _SEQUENCE, 'expires_at': _TIME,
        'offers': {'type': 'array', 'maxItems': MAX_OFFERS,
                   'items': OFFER},
    }, ['sequence', 'expires_at', 'offers']),
    EVENTS: _kind(EVENTS, {
        'sequence': _SEQUENCE,
        'events': {'type': 'array', 'minItems': 1, 'maxItems': MAX_EVENTS,
                   'items': EVENT},
    }, ['sequence', 'events']),
    ROTATE_KEY: _kind(ROTATE_KEY, {
        'sequence': _SEQUENCE, 'public_key': _KEY, 'proof': _SIG,
    }, ['sequence', 'public_key', 'proof']),
    LEAVE: _kind(LEAVE, {'sequence': _SEQUENCE}, ['sequence']),
}

#: One compiled validator per kind, built once per process.
_VALIDATORS = {kind: jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.FormatChecker())
    for kind, schema in SCHEMAS.items()}
_ENVELOPE = jsonschema.Draft202012Validator({
    'type': 'object',
    'properties': {'document': {'type': 'object'}, 'signature': _SIG},
    'required': ['document', 'signature'],
    'additionalProperties': False,
})


def now():
    """The current UTC time, as documents give it."""
    return format_time(datetime.datetime.now(datetime.timezone.utc))


def format_time(value):
    """RFC 3339 UTC with microseconds: 2026-12-01T10:00:00.000000Z."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def parse_time(text):
    """A naive UTC datetime of a document's time."""
    return datetime.datetime.strptime(
        text if '.' in text else text.replace('Z', '.0Z'),
        '%Y-%m-%dT%H:%M:%S.%fZ')


def _first_error(validator, value):
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is None:
        return None
    where = '/'.join(str(p) for p in error.absolute_path) or '(document)'
    return '%s: %s' % (where, error.message[:300])


def _times(document):
    """(where, text) of every time of a schema-valid document."""
    for name in ('issued_at', 'expires_at'):
        if name in document:
            yield name, document[name]
    for i, event in enumerate(document.get('events', ())):
        yield 'events/%d/at' % i, event['at']


def check_envelope(envelope):
    """The document of an envelope of the right size and shape, unchecked.

    Raises ProtocolError for JSON that has no canonical form, an envelope
    over MAX_BYTES, or one that is not ``{"document": {...},
    "signature": ...}``.
    """
    try:
        size = len(canonical.dumps(envelope))
    except ValueError as exc:
        # NOTE: rfc8785 refuses integers beyond 2**53 and NaN, and UTF-8
        # lone surrogates; json.loads took them.
        raise errors.ProtocolError('not canonical JSON: %s' %
                                   str(exc)[:200])
    if size > MAX_BYTES:
        raise errors.ProtocolError('the document has %d bytes; at most %d'
                                   % (size, MAX_BYTES))
    problem = _first_error(_ENVELOPE, envelope)
    if problem:
        raise errors.ProtocolError(problem)
    return envelope['document']


def check_schema(validator, document):
    """Raise ProtocolError, naming the field, unless ``document`` fits."""
    problem = _first_error(validator, document)
    if problem:
        raise errors.ProtocolError(problem)


def check(envelope):
    """The document of a well-formed envelope, unverified.

    Checks the size, the envelope, the document's schema, that its times
    are real times and, for an ``offers`` document, that it is valid for
    at most MAX_LIFETIME.
    Raises ProtocolError with the reason.
    """
    document = check_envelope(envelope)
    kind = document.get('kind')
    if not isinstance(kind, str) or kind not in _VALIDATORS:
        raise errors.ProtocolError('kind: one of %s' % ', '.join(KINDS))
    problem = _first_error(_VALIDATORS[kind], document)
    if problem:
        raise errors.ProtocolError(problem)
    for where, text in _times(document):
        # NOTE: the schema's pattern lets through 2026-13-45T25:61:00Z.
        try:
            parse_time(text)
        except ValueError:
            raise errors.ProtocolError('%s: not a time: %s' % (where, text))
    if kind == OFFERS:
        lifetime = (parse_time(document['expires_at']) -
                    parse_time(document['issued_at'])).total_seconds()
        if lifetime > MAX_LIFETIME:
            raise errors.ProtocolError(
                'expires_at: at most %d s after issued_at' % MAX_LIFETIME)
    if kind == ROTATE_KEY:
        signing.verify_bytes(document['public_key'],
                             document['cloud'].encode(), document['proof'])
    return document


def check_time(document, at):
    """Raise Stale for a document not valid at ``at`` (naive UTC)."""
    issued = parse_time(document['issued_at'])
    if (issued - at).total_seconds() > CLOCK_SKEW:
        raise errors.Stale('issued_at is in the future')
    if 'expires_at' in document and parse_time(document['expires_at']) <= at:
        raise errors.Stale('the document expired')


def verified(envelope, public_key):
    """Check an envelope and its signature by ``public_key``; its document.

    A ``join`` must be signed by the key it carries, and name the cloud
    that key makes.
    """
    document = check(envelope)
    if document['kind'] == JOIN:
        if signing.cloud_id(document['public_key']) != document['cloud']:
            raise errors.ProtocolError(
                'cloud: the SHA-256 of public_key, in hex')
        public_key = document['public_key']
    signing.verify(public_key, envelope)
    return document


def base(kind, cloud, **fields):
    """A document of ``kind`` by ``cloud``, issued now."""
    document = {'version': VERSION, 'kind': kind, 'cloud': cloud,
                'issued_at': now()}
    document.update(fields)
    return document


def rotation(cloud, sequence, old_key, new_key):
    """The envelope of a key rotation: signed by the old key."""
    document = base(ROTATE_KEY, cloud, sequence=sequence,
                    public_key=signing.public_key(new_key),
                    proof=signing.sign_bytes(new_key, cloud.encode()))
    return signing.sign(old_key, document)
