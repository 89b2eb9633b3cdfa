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

"""jsonschema validation of request bodies, and what the OpenAPI document
needs to know about each route.

A view declares its body schema with :func:`body`; the decorator parses the
JSON, validates it and hands the result to the view as ``body``. A body that
is not JSON, not an object, or does not match gets a 400 naming the first
offending field, never a traceback.

Each schema is checked and compiled once per process (when the view is
decorated, or at the first :func:`validate` of it) and its validator is
reused by every request; schemas are therefore module constants, never
built or changed per request.

Every string of a body, keys included, is refused with a 400 if it holds a
NUL or a lone surrogate: no database or library below takes them. SSH
public keys are parsed strictly by :func:`ssh_public_key`.
"""

import base64
import binascii
import functools
import re
import struct
import unicodedata

from cryptography.hazmat.primitives import serialization
import flask
import jsonschema

from utter_va.common import singletons
from utter_va import exception
from utter_va.i18n import _

_VALIDATORS = singletons.Singletons()


def _compile(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # NOTE: the schema is kept with its validator so that its id, the key,
    # can never be reused by another dict.
    return schema, cls(schema, format_checker=cls.FORMAT_CHECKER)


def _validator(schema):
    """The compiled validator of ``schema``, compiled once per process."""
    return _VALIDATORS.get(id(schema), lambda: _compile(schema))[1]


def _field(error):
    path = '/'.join(str(part) for part in error.absolute_path)
    return path or '(body)'


def _check(validator, document):
    errors = sorted(validator.iter_errors(document),
                    key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        error = errors[0]
        raise exception.Invalid(reason=_('%(field)s: %(message)s') % {
            'field': _field(error), 'message': error.message})
    return document


def _bad_string(value):
    return '\0' in value or any('\ud800' <= c <= '\udfff' for c in value)


def check_strings(document, path=''):
    """Refuse a NUL or a lone surrogate in any string of ``document``."""
    if isinstance(document, str):
        if _bad_string(document):
            raise exception.Invalid(reason=_(
                '%s: NUL characters and lone surrogates are not allowed') %
                (path or '(body)'))
    elif isinstance(document, dict):
        for key, value in document.items():
            where = '%s/%s' % (path, key) if path else key
            if _bad_string(key):
                raise exception.Invalid(reason=_(
                    '(body): a key holds a NUL character or a lone '
                    'surrogate'))
            check_strings(value, where)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            check_strings(value, '%s/%d' % (path, index) if path
                          else str(index))
    return document


#: The OpenSSH public key types accepted, as they start a key line.
SSH_KEY_TYPES = ('ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256',
                 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
                 'sk-ssh-ed25519@openssh.com',
                 'sk-ecdsa-sha2-nistp256@openssh.com')
SSH_COMMENT_MAX = 255
_BASE64 = re.compile(r'^[A-Za-z0-9+/]+={0,2}$')


def _comment_char_ok(char):
    # NOTE: no control, format or separator character (YAML takes U+0085,
    # U+2028 and U+2029 as line breaks), except the plain space.
    return char == ' ' or unicodedata.category(char)[0] not in 'CZ'


def ssh_public_key(value, field='ssh_public_key'):
    """Parse an OpenSSH public key line strictly; return it normalized.

    A known type, a base64 blob that decodes to a key of that type (it
    starts with the length-prefixed type name, and the key itself is
    well formed), and an optional comment of printable characters.
    """
    def invalid(why):
        return exception.Invalid(reason=_('%(field)s: %(why)s') % {
            'field': field, 'why': why})

    parts = value.strip(' \t\r\n').split(' ', 2)
    if len(parts) < 2:
        raise invalid(_('an OpenSSH public key line is "<type> <base64> '
                        '[comment]"'))
    key_type, blob_text = parts[0], parts[1]
    comment = parts[2] if len(parts) == 3 else ''
    if key_type not in SSH_KEY_TYPES:
        raise invalid(_('the key type must be one of %s') %
                      ', '.join(SSH_KEY_TYPES))
    if len(blob_text) % 4 or not _BASE64.match(blob_text):
        raise invalid(_('the key is not valid base64'))
    try:
        blob = base64.b64decode(blob_text, validate=True)
    except binascii.Error:
        raise invalid(_('the key is not valid base64'))
    name = key_type.encode('ascii')
    if blob[:4 + len(name)] != struct.pack('>I', len(name)) + name:
        raise invalid(_('the key is not a %s key') % key_type)
    try:
        serialization.load_ssh_public_key(name + b' ' + blob_text.encode())
    except Exception:
        raise invalid(_('the key is not a well-formed %s key') % key_type)
    if len(comment) > SSH_COMMENT_MAX:
        raise invalid(_('the comment is longer than %d characters') %
                      SSH_COMMENT_MAX)
    if not all(_comment_char_ok(c) for c in comment):
        raise invalid(_('the comment holds a control or separator '
                        'character'))
    return ' '.join(p for p in (key_type, blob_text, comment) if p)


def validate(schema, document):
    """Validate ``document`` against ``schema``; raise Invalid if it fails."""
    return _check(_validator(schema), document)


def parse_json_body():
    """Return the request's JSON body, or raise Invalid with the reason."""
    request = flask.request
    if not request.mimetype == 'application/json':
        raise exception.Invalid(
            reason=_('the body must be JSON (Content-Type: '
                     'application/json)'))
    try:
        document = request.get_json(force=True, silent=False)
    except Exception:
        raise exception.Invalid(reason=_('the body is not valid JSON'))
    return check_strings(document)


def body(schema, optional=False):
    """Decorate a view: validate its JSON body and pass it as ``body``.

    With ``optional``, a request with no body at all is taken as ``{}``.
    """
    # NOTE: compiled here, so a broken schema fails at import, not later.
    validator = _validator(schema)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            empty = optional and not flask.request.get_data(cache=True)
            kwargs['body'] = _check(validator,
                                    {} if empty else parse_json_body())
            return view(*args, **kwargs)
        wrapper.api_request_schema = schema
        return wrapper
    return decorator
