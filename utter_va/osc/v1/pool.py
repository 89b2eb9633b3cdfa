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

"""``openstack utter pool status``: this cloud at its marketplace.

What the engine's marketplace driver recorded: the pool, the cloud id,
its status at the pool, the last offers and events documents the pool
accepted (sequence and time) and the last error; ``--check`` also asks
the pool.
"""

from osc_lib.command import command

from utter_va.i18n import _
from utter_va.osc.v1 import common

FIELDS = ('driver', 'pool_url', 'cloud', 'status', 'offers_sequence',
          'offers_accepted_at', 'events_sequence', 'events_accepted_at',
          'last_error')


def _last_error(records):
    errors = [(r.get('last_error_at') or '', kind, r['last_error'])
              for kind, r in records.items() if r.get('last_error')]
    if not errors:
        return None
    at, kind, error = max(errors)
    return '%s (%s, %s)' % (error, kind, at)


def status_view(answer):
    """The flat record the command shows, from GET /v1/marketplace."""
    records = answer.get('documents') or {}
    view = {'driver': answer.get('driver'),
            'pool_url': answer.get('pool_url'),
            'cloud': answer.get('cloud'),
            'status': answer.get('status'),
            'last_error': _last_error(records)}
    for kind in ('offers', 'events'):
        record = records.get(kind) or {}
        view['%s_sequence' % kind] = record.get('sequence')
        view['%s_accepted_at' % kind] = record.get('accepted_at')
    pool = answer.get('pool')
    if pool is not None:
        view['pool_check'] = pool.get('error') or pool.get('status')
        if pool.get('status'):
            view['status'] = pool['status']
    return view


class ShowPoolStatus(command.ShowOne):
    """Show this cloud at its marketplace, as last recorded."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.description = _(
            'Show the pool this cloud publishes to, its cloud id and '
            'status there, the last offers and events documents the pool '
            'accepted, and the last error.')
        parser.add_argument('--check', action='store_true', default=False,
                            help=_('Also ask the pool for its view of '
                                   'this cloud (its status there).'))
        return parser

    def take_action(self, parsed_args):
        view = status_view(common.client(self.app).marketplace_get(
            parsed_args.check))
        return common.showing(view, FIELDS + (
            ('pool_check',) if 'pool_check' in view else ()))
