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


"""marketplace: what the pool last accepted, per kind of document

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 17:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    op.create_table(
        'marketplace_documents',
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('cloud', sa.String(length=64), nullable=True),
        sa.Column('pool_url', sa.String(length=2048), nullable=True),
        sa.Column('pool_status', sa.String(length=32), nullable=True),
        sa.Column('sequence', sa.BigInteger(), nullable=True),
        sa.Column('document', sa.String(length=64), nullable=True),
        sa.Column('accepted_at', DATETIME, nullable=True),
        sa.Column('attempted_at', DATETIME, nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('last_error_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('kind', name=op.f(
            'pk_marketplace_documents')),
    )


def downgrade():
    op.drop_table('marketplace_documents')
