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

"""federation: clouds.via and the followed pools' cursors

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 16:20:00
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
    op.add_column('clouds', sa.Column('via', sa.String(length=2048),
                                      nullable=True))
    op.create_table(
        'federation_cursors',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('last_seq', sa.BigInteger(), nullable=False),
        sa.Column('accepted', sa.BigInteger(), nullable=False),
        sa.Column('refused', sa.BigInteger(), nullable=False),
        sa.Column('lease_holder', sa.String(length=64), nullable=True),
        sa.Column('lease_until', DATETIME, nullable=True),
        sa.Column('polled_at', DATETIME, nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'))


def downgrade():
    op.drop_table('federation_cursors')
    op.drop_column('clouds', 'via')
