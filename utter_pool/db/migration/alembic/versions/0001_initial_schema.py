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

"""initial schema of utter-pool

Revision ID: 0001
Revises:
Create Date: 2026-12-01 16:10:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')
HEX64 = sa.String(length=64)


def upgrade():
    op.create_table(
        'clouds',
        sa.Column('id', HEX64, nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('region', sa.String(length=255), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('latitude', sa.Double(), nullable=True),
        sa.Column('longitude', sa.Double(), nullable=True),
        sa.Column('api_url', sa.String(length=2048), nullable=False),
        sa.Column('storefront_url', sa.String(length=2048), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_clouds_region', 'clouds', ['region'])
    op.create_index('ix_clouds_country', 'clouds', ['country'])
    op.create_index('ix_clouds_status', 'clouds', ['status'])
    op.create_table(
        'cloud_keys',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('valid_from', DATETIME, nullable=False),
        sa.Column('valid_until', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_key'))
    op.create_index('ix_cloud_keys_cloud_id', 'cloud_keys', ['cloud_id'])
    op.create_table(
        'cloud_sequences',
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('sequence', sa.BigInteger(), nullable=False),
        sa.Column('document_id', HEX64, nullable=False),
        sa.Column('accepted_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('cloud_id', 'kind'))
    op.create_table(
        'documents',
        sa.Column('id', HEX64, nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('sequence', sa.BigInteger(), nullable=True),
        sa.Column('envelope', MEDIUMTEXT, nullable=False),
        sa.Column('accepted_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('seq'),
        sa.UniqueConstraint('cloud_id', 'kind', 'sequence',
                            name='uniq_documents0cloud_kind_sequence'))
    op.create_table(
        'feed_counter',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.bulk_insert(sa.table('feed_counter', sa.column('id', sa.Integer),
                            sa.column('last', sa.BigInteger)),
                   [{'id': 1, 'last': 0}])
    op.create_table(
        'offers',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('document_id', HEX64, nullable=False),
        sa.Column('flavor_id', sa.String(length=255), nullable=False),
        sa.Column('flavor_name', sa.String(length=255), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('ram_mb', sa.BigInteger(), nullable=False),
        sa.Column('disk_gb', sa.BigInteger(), nullable=False),
        sa.Column('images', MEDIUMTEXT, nullable=False),
        sa.Column('image_url', sa.Boolean(), nullable=False),
        sa.Column('sats_per_hour', sa.BigInteger(), nullable=False),
        sa.Column('units_available', sa.Integer(), nullable=False),
        sa.Column('min_hours', sa.Integer(), nullable=False),
        sa.Column('max_hours', sa.Integer(), nullable=False),
        sa.Column('region', sa.String(length=255), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('accepted_at', DATETIME, nullable=False),
        sa.Column('expires_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('cloud_id', 'flavor_id',
                            name='uniq_offers0cloud_flavor'))
    op.create_index('offers_price_idx', 'offers', ['sats_per_hour', 'id'])
    for column in ('cloud_id', 'vcpus', 'ram_mb', 'disk_gb', 'region',
                   'country', 'accepted_at', 'expires_at'):
        op.create_index('ix_offers_%s' % column, 'offers', [column])
    op.create_table(
        'offer_images',
        sa.Column('offer_id', sa.String(length=32),
                  sa.ForeignKey('offers.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('image', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('offer_id', 'image'))
    op.create_index('ix_offer_images_image', 'offer_images', ['image'])
    op.create_table(
        'order_events',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('order_hash', HEX64, nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('at', DATETIME, nullable=False),
        sa.Column('flavor_id', sa.String(length=255), nullable=True),
        sa.Column('close_reason', sa.String(length=64), nullable=True),
        sa.Column('document_id', HEX64, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('cloud_id', 'order_hash', 'state',
                            name='uniq_order_events0cloud_order_state'))
    op.create_index('order_events_cloud_at_idx', 'order_events',
                    ['cloud_id', 'at'])
    op.create_table(
        'reliability',
        sa.Column('cloud_id', HEX64, sa.ForeignKey('clouds.id'),
                  nullable=False),
        sa.Column('orders_paid', sa.Integer(), nullable=False),
        sa.Column('active_share', sa.Double(), nullable=True),
        sa.Column('median_seconds_to_active', sa.Double(), nullable=True),
        sa.Column('failure_share', sa.Double(), nullable=True),
        sa.Column('paid_time_over_share', sa.Double(), nullable=True),
        sa.Column('computed_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('cloud_id'))


def downgrade():
    for table in ('reliability', 'order_events', 'offer_images', 'offers',
                  'feed_counter', 'documents', 'cloud_sequences',
                  'cloud_keys', 'clouds'):
        op.drop_table(table)
