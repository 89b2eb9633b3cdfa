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

"""The enginefacade of utter-pool's database: one transaction per call.

The query modules next to this one (``clouds``, ``documents``, ``offers``,
``feed``, ``reliability``) open their transactions with :func:`reader`
and :func:`writer`.
"""

from oslo_db.sqlalchemy import enginefacade

context_manager = enginefacade.transaction_context()


def configure(conf):
    """Point the enginefacade at the [database] options of ``conf``."""
    context_manager.configure(**dict(conf.database.items()))


def get_engine():
    """Return the writer engine (used by migrations and tests)."""
    return context_manager.writer.get_engine()


class _Context:
    """A bare context object for enginefacade's decorators."""


def reader(context=None):
    """A read transaction: ``with db_api.reader() as session: ...``."""
    return context_manager.reader.using(
        context if context is not None else _Context())


def writer(context=None):
    """A write transaction, committed when the block ends."""
    return context_manager.writer.using(
        context if context is not None else _Context())
