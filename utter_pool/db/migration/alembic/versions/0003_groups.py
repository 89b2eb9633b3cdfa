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


"""groups: groups, their chains of signed links and their members

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 17:00:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def upgrade():
    op.create_table(
        'groups',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('owner_id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('length', sa.Integer(), nullable=False),
        sa.Column('head', sa.String(length=64), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['clouds.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_table(
        'group_links',
        sa.Column('group_id', sa.String(length=64), nullable=False),
        sa.Column('sequence', sa.Integer(), autoincrement=False,
                  nullable=False),
        sa.Column('cloud_id', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('document_id', sa.String(length=64), nullable=False),
        sa.Column('envelope', MEDIUMTEXT, nullable=False),
        sa.Column('accepted_at', DATETIME, nullable=False),
        sa.ForeignKeyConstraint(['cloud_id'], ['clouds.id']),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id']),
        sa.PrimaryKeyConstraint('group_id', 'sequence'),
        sa.UniqueConstraint('document_id'))
    op.create_table(
        'group_members',
        sa.Column('group_id', sa.String(length=64), nullable=False),
        sa.Column('cloud_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['cloud_id'], ['clouds.id']),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id']),
        sa.PrimaryKeyConstraint('group_id', 'cloud_id'))
    op.create_index('ix_group_members_cloud_id', 'group_members',
                    ['cloud_id'], unique=False)


def downgrade():
    # NOTE: MariaDB refuses to drop an index a foreign key needs; the
    # table's own drop takes it along.
    op.drop_table('group_members')
    op.drop_table('group_links')
    op.drop_table('groups')
