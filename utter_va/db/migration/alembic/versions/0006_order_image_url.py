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


"""order image URL: buyers' images imported through Glance

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    with op.batch_alter_table('flavor_prices') as batch:
        batch.add_column(sa.Column('allow_image_url', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table('flavor_price_changes') as batch:
        batch.add_column(sa.Column('allow_image_url', sa.Boolean(),
                                   nullable=True))
    with op.batch_alter_table('orders') as batch:
        batch.add_column(sa.Column('image_url', sa.String(length=2048),
                                   nullable=True))
        batch.add_column(sa.Column('image_disk_format', sa.String(length=16),
                                   nullable=True))
        batch.add_column(sa.Column('image_checksum', sa.String(length=140),
                                   nullable=True))
        batch.add_column(sa.Column('image_glance_id', sa.String(length=36),
                                   nullable=True))
        batch.add_column(sa.Column('image_import_started_at', DATETIME,
                                   nullable=True))
        batch.add_column(sa.Column('image_imported_at', DATETIME,
                                   nullable=True))
    op.create_index(op.f('ix_orders_image_glance_id'), 'orders',
                    ['image_glance_id'])


def downgrade():
    op.drop_index(op.f('ix_orders_image_glance_id'), table_name='orders')
    with op.batch_alter_table('orders') as batch:
        for column in ('image_imported_at', 'image_import_started_at',
                       'image_glance_id', 'image_checksum',
                       'image_disk_format', 'image_url'):
            batch.drop_column(column)
    for table in ('flavor_price_changes', 'flavor_prices'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('allow_image_url')
