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
"""

import functools

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
        return request.get_json(force=True, silent=False)
    except Exception:
        raise exception.Invalid(reason=_('the body is not valid JSON'))


def body(schema):
    """Decorate a view: validate its JSON body and pass it as ``body``."""
    # NOTE: compiled here, so a broken schema fails at import, not later.
    validator = _validator(schema)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            kwargs['body'] = _check(validator, parse_json_body())
            return view(*args, **kwargs)
        wrapper.api_request_schema = schema
        return wrapper
    return decorator
