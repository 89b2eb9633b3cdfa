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

"""order lifecycle: server state, boot marks, outbox, callbacks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:10:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    with op.batch_alter_table('orders') as batch:
        batch.add_column(sa.Column('server_state', sa.String(length=32),
                                   nullable=True))
        batch.add_column(sa.Column('server_state_at', DATETIME,
                                   nullable=True))
        batch.add_column(sa.Column('boot_requested_at', DATETIME,
                                   nullable=True))
    op.create_index(op.f('ix_orders_state_deadline'), 'orders',
                    ['state_deadline'])

    with op.batch_alter_table('order_transitions') as batch:
        batch.add_column(sa.Column('published_at', DATETIME, nullable=True))
    # NOTE: changes made before this revision are not published again.
    op.execute(sa.text('UPDATE order_transitions SET published_at = '
                       'created_at'))
    op.create_index(op.f('ix_order_transitions_published_at'),
                    'order_transitions', ['published_at'])

    op.create_table(
        'callback_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.String(length=36), nullable=False),
        sa.Column('transition_id', sa.BigInteger(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('event_type', sa.String(length=255), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', DATETIME, nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('delivered_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'],
            name=op.f('fk_callback_deliveries_order_id_orders'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_deliveries'))
    )
    op.create_index(op.f('ix_callback_deliveries_order_id'),
                    'callback_deliveries', ['order_id'])
    op.create_index(op.f('ix_callback_deliveries_status_next_attempt_at'),
                    'callback_deliveries', ['status', 'next_attempt_at'])


def downgrade():
    op.drop_table('callback_deliveries')
    op.drop_index(op.f('ix_order_transitions_published_at'),
                  table_name='order_transitions')
    with op.batch_alter_table('order_transitions') as batch:
        batch.drop_column('published_at')
    op.drop_index(op.f('ix_orders_state_deadline'), table_name='orders')
    with op.batch_alter_table('orders') as batch:
        batch.drop_column('boot_requested_at')
        batch.drop_column('server_state_at')
        batch.drop_column('server_state')
