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

"""The OpenAPI 3.1 document of the pool's API, generated from the app.

Every JSON route of the Flask app appears, as the app's URL map has it:
its query parameters from the route's own declaration (the
:class:`utter_pool.api.query.Param` table it parses, so the document and
the validation cannot disagree), its request body from the protocol's
JSON schemas (:data:`utter_protocol.documents.SCHEMAS`) and its answers.
The buyers' pages (blueprint ``market``) are HTML, not API: they are left
out. ``python -m utter_pool.cmd.api_ref api-ref/utter-pool-openapi.json``
writes it, the app serves it at ``/v1/openapi.json``, and a unit test
fails when the committed file and the app disagree, or when a route has
no description here.
"""

import json
import re

from utter_pool.api.v1 import feed
from utter_pool.api.v1 import offers
from utter_protocol import documents
from utter_protocol import groups

_PATH_VARIABLE = re.compile(r'<(?:[a-z_]+:)?([a-z_]+)>')
_METHODS = ('get', 'put', 'post', 'patch', 'delete')
#: Blueprints of pages, not API routes.
_NOT_API = ('market',)
API_VERSION = '1.0'

ERROR_SCHEMA = {
    'type': 'object',
    'required': ['error'],
    'properties': {'error': {
        'type': 'object',
        'required': ['code', 'title', 'message'],
        'properties': {'code': {'type': 'integer'},
                       'title': {'type': 'string'},
                       'message': {'type': 'string'}}}},
}
_SIGNATURE = {'type': 'string', 'pattern': '^[A-Za-z0-9_-]{86}$'}


def _envelope(*kinds):
    schemas = [documents.SCHEMAS.get(k) or groups.SCHEMAS[k] for k in kinds]
    return {'type': 'object',
            'required': ['document', 'signature'],
            'additionalProperties': False,
            'properties': {
                'document': (schemas[0] if len(schemas) == 1
                             else {'oneOf': schemas}),
                'signature': _SIGNATURE}}


#: Per endpoint: summary, query declaration, body schema, answers.
ROUTES = {
    'root': {'summary': 'The versions of the API.'},
    'healthcheck': {'summary': 'Whether the process answers (text/plain).',
                    'mimetype': 'text/plain'},
    'openapi': {'summary': 'This document.'},
    'clouds.join': {
        'summary': 'A cloud asks to join, with its signed join document.',
        'body': _envelope(documents.JOIN),
        'responses': {'200': 'Known already: nothing changed, or the '
                             'fields of a pending cloud updated.',
                      '202': 'Joined: pending the operator\'s decision '
                             '(or approved with auto_approve).'}},
    'clouds.list_clouds': {'summary': 'The approved clouds, with their '
                                      'current public keys.'},
    'clouds.show': {'summary': 'One cloud: its keys, what was last '
                               'accepted of it and its reliability.'},
    'documents.publish': {
        'summary': 'A cloud publishes a signed document (offers, events, '
                   'rotate_key or leave).',
        'body': _envelope(documents.OFFERS, documents.EVENTS,
                          documents.ROTATE_KEY, documents.LEAVE),
        'responses': {'202': 'Accepted.'}},
    'documents.show': {'summary': 'An accepted signed envelope, byte for '
                                  'byte as it was accepted.'},
    'offers.search': {'summary': 'Search the fresh offers of every '
                                 'approved cloud.',
                      'query': offers.SEARCH},
    'offers.show': {'summary': 'One offer shown in search.'},
    'feed.read': {'summary': 'The public feed of accepted documents '
                             '(JSON lines).',
                  'query': feed.FEED, 'mimetype': 'application/x-ndjson'},
    'groups.create': {
        'summary': 'An approved cloud creates a group with its signed '
                   'group_create link.',
        'body': _envelope(groups.CREATE),
        'responses': {'201': 'Created: the group id and its roster.'}},
    'groups.append': {
        'summary': 'The next signed link of a group\'s chain (invite, '
                   'accept, leave, remove or handover).',
        'body': _envelope(*groups.LINKS[1:]),
        'responses': {'202': 'Accepted: the new roster.'}},
    'groups.show': {'summary': 'A group\'s roster as the pool computed it '
                               '(members only).',
                    'headers': [groups.HEADER]},
    'groups.chain': {'summary': 'A group\'s signed links in order, byte for '
                                'byte as accepted (members only).',
                     'headers': [groups.HEADER]},
}


def param_schema(param):
    """The JSON schema of one query parameter's declaration."""
    if param.kind is str:
        schema = {'type': 'string', 'minLength': 1,
                  'maxLength': param.max_length}
    else:
        schema = {'type': 'integer' if param.kind is int else 'number'}
    if param.choices:
        schema['enum'] = list(param.choices)
    if param.minimum is not None:
        schema['minimum'] = param.minimum
    if param.maximum is not None:
        schema['maximum'] = param.maximum
    if param.default is not None:
        schema['default'] = param.default
    return schema


def _operation(endpoint, method, path):
    spec = ROUTES[endpoint]
    operation = {'operationId': '%s_%s' % (method, endpoint.replace(
        '.', '_')), 'summary': spec['summary'], 'responses': {}}
    parameters = [{'name': name, 'in': 'path', 'required': True,
                   'schema': {'type': 'string', 'minLength': 1,
                              'maxLength': 255}}
                  for name in _PATH_VARIABLE.findall(path)]
    parameters += [{'name': name, 'in': 'query', 'required': False,
                    'schema': param_schema(param)}
                   for name, param in sorted(spec.get('query', {}).items())]
    parameters += [{'name': name, 'in': 'header', 'required': False,
                    'description': 'A fresh signed member request.',
                    'schema': {'type': 'string', 'maxLength': 8192}}
                   for name in spec.get('headers', ())]
    if parameters:
        operation['parameters'] = parameters
    if 'body' in spec:
        operation['requestBody'] = {
            'required': True,
            'content': {'application/json': {'schema': spec['body']}}}
    mimetype = spec.get('mimetype', 'application/json')
    for code, description in (spec.get('responses') or
                              {'200': 'The answer.'}).items():
        operation['responses'][code] = {
            'description': description, 'content': {mimetype: {}}}
    operation['responses']['default'] = {
        'description': 'An error.',
        'content': {'application/json': {
            'schema': {'$ref': '#/components/schemas/Error'}}}}
    return operation


def generate(app):
    """Return the OpenAPI document of the pool's Flask app, as a dict."""
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if (rule.endpoint == 'static'
                or rule.endpoint.partition('.')[0] in _NOT_API):
            continue
        path = _PATH_VARIABLE.sub(r'{\1}', rule.rule)
        for method in _METHODS:
            if method.upper() in rule.methods:
                paths.setdefault(path, {})[method] = _operation(
                    rule.endpoint, method, rule.rule)
    return {
        'openapi': '3.1.0',
        'info': {
            'title': 'utter-pool API',
            'version': API_VERSION,
            'description': 'The marketplace of utter-va clouds: clouds '
                           'join and publish signed documents; buyers '
                           'search the offers; anyone reads the feed and '
                           'verifies the signatures. No route needs a '
                           'token.',
        },
        'paths': paths,
        'components': {'schemas': {'Error': ERROR_SCHEMA}},
    }


def dumps(document):
    """Serialise a document the way the committed file is stored."""
    return json.dumps(document, indent=2, sort_keys=True) + '\n'
