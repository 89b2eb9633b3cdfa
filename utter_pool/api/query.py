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

"""Query strings: one declaration per route validates every parameter.

A declaration maps each parameter to a :class:`Param`; anything not
declared, or not of its type and range, is a 400 that names it.
"""

import flask

from utter_pool import exception
from utter_pool.i18n import _


class Param:
    """One query parameter: its type, bounds or choices, and default."""

    def __init__(self, kind=str, minimum=None, maximum=None, choices=None,
                 default=None, max_length=255):
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.default = default
        self.max_length = max_length

    def parse(self, name, text):
        """The value of ``text``, or Invalid naming ``name``."""
        if self.kind is str:
            value = text
            if not value or len(value) > self.max_length:
                raise exception.Invalid(reason=_(
                    '%(name)s: 1 to %(max)d characters.') % {
                    'name': name, 'max': self.max_length})
        else:
            try:
                value = self.kind(text)
            except ValueError:
                raise exception.Invalid(reason=_(
                    '%(name)s: not a number: %(text)r.') % {
                    'name': name, 'text': text[:40]})
            if value != value or value in (float('inf'), float('-inf')):
                raise exception.Invalid(reason=_('%s: not a number.') % name)
        if self.choices and value not in self.choices:
            raise exception.Invalid(reason=_('%(name)s: one of %(c)s.') % {
                'name': name, 'c': ', '.join(self.choices)})
        if self.minimum is not None and value < self.minimum:
            raise exception.Invalid(reason=_('%(name)s: at least %(m)s.') % {
                'name': name, 'm': self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise exception.Invalid(reason=_('%(name)s: at most %(m)s.') % {
                'name': name, 'm': self.maximum})
        return value


def parse(declaration, args=None):
    """{name: value} of the request's query string, defaults included."""
    args = flask.request.args if args is None else args
    unknown = sorted(set(args) - set(declaration))
    if unknown:
        raise exception.Invalid(reason=_(
            '%(name)s: not a parameter of this route (known: %(known)s).')
            % {'name': unknown[0], 'known': ', '.join(sorted(declaration))})
    values = {}
    for name, param in declaration.items():
        given = args.getlist(name) if hasattr(args, 'getlist') else (
            [args[name]] if name in args else [])
        if len(given) > 1:
            raise exception.Invalid(reason=_('%s: given twice.') % name)
        values[name] = (param.parse(name, given[0]) if given
                        else param.default)
    return values
