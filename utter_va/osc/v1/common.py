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

"""Helpers shared by the ``openstack utter`` commands.

A listing is described by ``(field, header)`` pairs: the field is the key
in the API's answer, the header the column users see (and name with
``-c``). A show command uses the API's own keys as its columns.
"""

from cliff import columns
from osc_lib.cli import format_columns

from utter_va.i18n import _
from utter_va.osc.v1 import client as utter_client


def _cell(value, formatter=None):
    if formatter is not None:
        return formatter(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return format_columns.ListDictColumn(value)
        return format_columns.ListColumn(value)
    if isinstance(value, dict):
        return format_columns.DictColumn(value)
    return value


def listing(items, fields, formatters=None):
    """Return a Lister's (headers, rows) for ``items`` and ``fields``."""
    formatters = formatters or {}
    headers = tuple(header for _field, header in fields)
    rows = [tuple(_cell(item.get(field), formatters.get(field))
                  for field, _header in fields) for item in items]
    return headers, rows


def showing(item, fields=None, formatters=None):
    """Return a ShowOne's (columns, values); all keys unless ``fields``."""
    formatters = formatters or {}
    fields = [f for f in (fields or item) if f in item]
    return tuple(fields), tuple(_cell(item[f], formatters.get(f))
                                for f in fields)


class HistoryColumn(columns.FormattableColumn):
    """A price's history: one line per change in a table, a list in JSON."""

    def human_readable(self):
        return '\n'.join(
            '%s %s %s sats/h by %s' % (
                change.get('changed_at'), change.get('action'),
                change.get('sats_per_hour'), change.get('changed_by') or '-')
            for change in self._value or ())

    def machine_readable(self):
        return list(self._value or ())


def add_long_option(parser):
    """The --long option of the list commands."""
    parser.add_argument('--long', action='store_true', default=False,
                        help=_('List additional fields in output'))


def client(app):
    """The utter-va client of a command's application."""
    return app.client_manager.utter


def find_price(api, flavor):
    """The price (with history) of a priced flavor given by id or name.

    The API keys prices by flavor id; an operator thinks in names. A value
    that is no priced flavor's id is looked up among the flavor names.
    """
    try:
        return api.price_get(flavor)
    except utter_client.APIError as exc:
        if exc.code != 404:
            raise
        matches = [p['flavor_id'] for p in api.price_list()
                   if p.get('flavor_name') == flavor]
        if len(matches) != 1:
            raise
    return api.price_get(matches[0])
