"""Alembic environment of utter-va: online migrations on a given engine."""

from alembic import context

from utter_va.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_online():
    engine = config.attributes['engine']
    with engine.connect() as connection:
        context.configure(connection=connection,
                          target_metadata=target_metadata,
                          render_as_batch=True,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit('utter-va migrations run online only.')
run_migrations_online()
