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

"""A Sphinx directive that renders an OpenAPI document as reST.

``.. openapi-reference:: ../../api-ref/openapi.json`` (a path relative to
the page) writes a table of every route (method, path, summary, whether it
needs a Keystone token, status codes) and then one section per route with
its description, parameters, request body fields and responses. The
document is a dependency of the page: a rebuild follows its changes.
"""

import json
import os

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.util import nodes as sphinx_nodes

METHODS = ('get', 'put', 'post', 'delete', 'patch')


def _operations(document):
    for path, item in sorted(document.get('paths', {}).items()):
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _one_line(text):
    return ' '.join((text or '').split())


def _type_of(schema):
    kind = schema.get('type', 'object')
    if isinstance(kind, list):
        kind = ' or '.join(kind)
    if kind == 'array' and 'items' in schema:
        kind = 'array of %s' % _type_of(schema['items'])
    limits = []
    for key, word in (('minimum', 'min'), ('maximum', 'max'),
                      ('minLength', 'min length'),
                      ('maxLength', 'max length')):
        if key in schema:
            limits.append('%s %s' % (word, schema[key]))
    if 'enum' in schema:
        limits.append('one of %s' % ', '.join(
            '``%s``' % value for value in schema['enum']))
    return kind + (' (%s)' % '; '.join(limits) if limits else '')


def _table(header, rows, widths):
    lines = ['.. list-table::', '   :header-rows: 1',
             '   :widths: %s' % ' '.join(str(w) for w in widths), '']
    for row in [header] + rows:
        lines.append('   * - %s' % (row[0] or ' '))
        lines.extend('     - %s' % (cell or ' ') for cell in row[1:])
    return lines + ['']


def _title(text, underline):
    return [text, underline * len(text), '']


def _auth(document, operation):
    security = operation.get('security', document.get('security'))
    return 'Keystone token' if security else 'none'


def render(document):
    """Return the reST lines of one OpenAPI document."""
    lines = []
    info = document.get('info', {})
    if info.get('description'):
        lines += [info['description'], '']
    lines += ['Version %s of the document (OpenAPI %s).' % (
        info.get('version', '?'), document.get('openapi', '?')), '']

    rows = []
    for path, method, operation in _operations(document):
        rows.append([
            '``%s``' % method.upper(), ':ref:`%s <%s>`' % (
                path, _label(method, path)),
            _one_line(operation.get('summary')),
            _auth(document, operation),
            ', '.join(code for code in operation.get('responses', {})
                      if code != 'default')])
    lines += _table(['Method', 'Path', 'Summary', 'Auth', 'Success'],
                    rows, [8, 30, 45, 12, 8])
    lines += ['Every route may also answer an error: a JSON document with '
              '``code``, ``title`` and ``message`` (the ``Error`` schema), '
              'with the HTTP status of the error.', '']

    for path, method, operation in _operations(document):
        lines += ['.. _%s:' % _label(method, path), '']
        lines += _title('%s %s' % (method.upper(), path), '-')
        lines += [_one_line(operation.get('summary')), '']
        if operation.get('description'):
            lines += operation['description'].splitlines() + ['']
        lines += ['Authentication: %s.' % _auth(document, operation), '']
        parameters = operation.get('parameters', [])
        if parameters:
            lines += ['**Parameters**', '']
            lines += _table(
                ['Name', 'In', 'Type', 'Required'],
                [['``%s``' % p['name'], p.get('in', ''),
                  _type_of(p.get('schema', {})),
                  'yes' if p.get('required') else 'no']
                 for p in parameters], [25, 10, 45, 10])
        body = operation.get('requestBody', {}).get('content', {}).get(
            'application/json', {}).get('schema')
        if body and body.get('properties'):
            required = set(body.get('required', []))
            lines += ['**Request body** (JSON)', '']
            lines += _table(
                ['Field', 'Type', 'Required'],
                [['``%s``' % name, _type_of(schema),
                  'yes' if name in required else 'no']
                 for name, schema in sorted(body['properties'].items())],
                [25, 55, 10])
        responses = operation.get('responses', {})
        lines += ['**Responses**', '']
        lines += _table(
            ['Status', 'Description'],
            [[code, _one_line(response.get('description'))]
             for code, response in responses.items()], [15, 75])
    return lines


def _label(method, path):
    return 'api-%s-%s' % (method, path.strip('/').replace('/', '-')
                          .replace('{', '').replace('}', '') or 'root')


class OpenAPIReference(Directive):
    """``.. openapi-reference:: <path of the OpenAPI JSON document>``."""

    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        source_dir = os.path.dirname(env.doc2path(env.docname))
        path = os.path.normpath(os.path.join(source_dir, self.arguments[0]))
        env.note_dependency(path)
        try:
            with open(path) as f:
                document = json.load(f)
        except (OSError, ValueError) as exc:
            raise self.error('Cannot read the OpenAPI document %s: %s'
                             % (path, exc))
        node = nodes.section()
        node.document = self.state.document
        content = StringList(render(document), source=path)
        sphinx_nodes.nested_parse_with_titles(self.state, content, node)
        return node.children


def setup(app):
    app.add_directive('openapi-reference', OpenAPIReference)
    return {'parallel_read_safe': True, 'parallel_write_safe': True,
            'version': '1.0'}
