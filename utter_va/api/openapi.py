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

"""The OpenAPI 3.1 document of the API, generated from the app itself.

Every route of the Flask app appears, with the summary and description of
its view's docstring, the jsonschema of its body (declared with
:func:`utter_va.api.validation.body`), the answers it declares in an
``api_responses`` attribute, the query and header parameters it declares in
an ``api_parameters`` attribute, and whether it needs a Keystone token.
The storefront's pages (blueprint ``storefront``, under ``/store/``) are
HTML, not API: they are left out.
``tox -e api-ref`` (:mod:`utter_va.cmd.api_ref`) writes it to
api-ref/openapi.json, and a unit test fails when the two disagree.
"""

import inspect
import json
import re

from utter_va.api import auth

_PATH_VARIABLE = re.compile(r'<(?:[a-z_]+:)?([a-z_]+)>')
_SAMPLE_VALUE = '00000000-0000-0000-0000-000000000000'
_METHODS = ('get', 'put', 'post', 'patch', 'delete')
#: Blueprints of pages, not API routes.
_NOT_API = ('storefront',)
# The version of the API, not of the package: it changes with the API only.
API_VERSION = '1.0'

ERROR_SCHEMA = {
    'type': 'object',
    'required': ['error'],
    'properties': {'error': {
        'type': 'object',
        'required': ['code', 'title', 'message'],
        'properties': {'code': {'type': 'integer'},
                       'title': {'type': 'string'},
                       'message': {'type': 'string'},
                       'field': {'type': 'string'}}}},
}


def _operation(view, method, path, sample_path):
    doc = inspect.cleandoc(view.__doc__ or '').splitlines()
    operation = {
        'operationId': '%s_%s' % (method, view.__name__),
        'summary': doc[0] if doc else view.__name__,
        'responses': {},
    }
    description = '\n'.join(doc[1:]).strip()
    if description:
        operation['description'] = description
    schema = getattr(view, 'api_request_schema', None)
    if schema is not None:
        operation['requestBody'] = {
            'required': True,
            'content': {'application/json': {'schema': schema}}}
    responses = getattr(view, 'api_responses', None) or {
        '200': 'The answer.'}
    for code, description in responses.items():
        operation['responses'][str(code)] = {'description': description}
    operation['responses']['default'] = {
        'description': 'An error.',
        'content': {'application/json': {
            'schema': {'$ref': '#/components/schemas/Error'}}}}
    parameters = [{'name': name, 'in': 'path', 'required': True,
                   'schema': {'type': 'string'}}
                  for name in _PATH_VARIABLE.findall(path)]
    parameters += getattr(view, 'api_parameters', None) or []
    if parameters:
        operation['parameters'] = parameters
    if not auth.is_public(method.upper(), sample_path):
        operation['security'] = [{'keystone': []}]
    return operation


def generate(app):
    """Return the OpenAPI document of a Flask app, as a dict."""
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if (rule.endpoint == 'static'
                or rule.endpoint.partition('.')[0] in _NOT_API):
            continue
        view = app.view_functions[rule.endpoint]
        path = _PATH_VARIABLE.sub(r'{\1}', rule.rule)
        sample_path = _PATH_VARIABLE.sub(_SAMPLE_VALUE, rule.rule)
        if path != '/' and path.endswith('/'):
            continue
        for method in _METHODS:
            if method.upper() not in rule.methods:
                continue
            paths.setdefault(path, {})[method] = _operation(
                view, method, rule.rule, sample_path)
    return {
        'openapi': '3.1.0',
        'info': {
            'title': 'utter-va API',
            'version': API_VERSION,
            'description': 'Sell the spare capacity of an OpenStack cloud '
                           'for Bitcoin. Operator routes need a Keystone '
                           'token (X-Auth-Token); buyer and webhook routes '
                           'need none.',
        },
        'paths': paths,
        'components': {
            'schemas': {'Error': ERROR_SCHEMA},
            'securitySchemes': {'keystone': {
                'type': 'apiKey', 'in': 'header', 'name': 'X-Auth-Token'}},
        },
    }


def dumps(document):
    """Serialise a document the way api-ref/openapi.json is stored."""
    return json.dumps(document, indent=2, sort_keys=True) + '\n'
