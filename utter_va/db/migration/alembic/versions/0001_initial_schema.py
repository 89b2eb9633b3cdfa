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

"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 20:06:48.766906
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# NOTE: MySQL's DATETIME keeps whole seconds unless told otherwise.
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def upgrade():
    op.create_table(
        'driver_cursors',
        sa.Column('driver', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint(
            'driver', 'name',
            name=op.f('pk_driver_cursors'))
    )
    op.create_table(
        'flavor_capacity',
        sa.Column('flavor_id', sa.String(length=255), nullable=False),
        sa.Column('fit_units', sa.Integer(), nullable=False),
        sa.Column('held_units', sa.Integer(), nullable=False),
        sa.Column('sellable_units', sa.Integer(), nullable=False),
        sa.Column('computed_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('flavor_id', name=op.f('pk_flavor_capacity'))
    )
    op.create_table(
        'flavor_price_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flavor_id', sa.String(length=255), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('price_msat_per_hour', sa.BigInteger(), nullable=True),
        sa.Column('images', db_types.JsonEncodedList(), nullable=True),
        sa.Column('max_units', sa.Integer(), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=True),
        sa.Column('pricing_driver', sa.String(length=255), nullable=True),
        sa.Column('changed_by', sa.String(length=255), nullable=True),
        sa.Column('changed_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_flavor_price_changes'))
    )
    op.create_index(
        op.f('ix_flavor_price_changes_flavor_id_changed_at'),
        'flavor_price_changes', ['flavor_id', 'changed_at'])

    op.create_table(
        'flavor_prices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flavor_id', sa.String(length=255), nullable=False),
        sa.Column('flavor_name', sa.String(length=255), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('ram_mb', sa.Integer(), nullable=False),
        sa.Column('disk_gb', sa.Integer(), nullable=False),
        sa.Column('images', db_types.JsonEncodedList(), nullable=False),
        sa.Column('price_msat_per_hour', sa.BigInteger(), nullable=False),
        sa.Column('max_units', sa.Integer(), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('pricing_driver', sa.String(length=255), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_flavor_prices')),
        sa.UniqueConstraint(
            'flavor_id',
            name=op.f('uq_flavor_prices_flavor_id'))
    )
    op.create_table(
        'idempotency_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=255), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('request_hash', sa.String(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('response_body', sa.Text(), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
        sa.UniqueConstraint(
            'scope', 'key',
            name=op.f('uq_idempotency_keys_scope_key'))
    )
    op.create_index(
        op.f('ix_idempotency_keys_created_at'),
        'idempotency_keys', ['created_at'])

    op.create_table(
        'orders',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('state', sa.String(length=32), nullable=False),
        sa.Column('close_reason', sa.String(length=255), nullable=True),
        sa.Column('state_deadline', DATETIME, nullable=True),
        sa.Column('flavor_id', sa.String(length=255), nullable=False),
        sa.Column('flavor_name', sa.String(length=255), nullable=False),
        sa.Column('image', sa.String(length=255), nullable=False),
        sa.Column('price_msat_per_hour', sa.BigInteger(), nullable=False),
        sa.Column('hours_requested', sa.Integer(), nullable=False),
        sa.Column('paid_msat', sa.BigInteger(), nullable=False),
        sa.Column('credited_seconds', sa.BigInteger(), nullable=False),
        sa.Column('paid_until', DATETIME, nullable=True),
        sa.Column('server_id', sa.String(length=36), nullable=True),
        sa.Column(
            'server_addresses', db_types.JsonEncodedDict(), nullable=True),
        sa.Column('boot_attempts', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=128), nullable=False),
        sa.Column('ssh_public_key', sa.Text(), nullable=True),
        sa.Column('user_data', MEDIUMTEXT, nullable=True),
        sa.Column('callback_url', sa.String(length=2048), nullable=True),
        sa.Column('client_network', sa.String(length=64), nullable=True),
        sa.Column('activated_at', DATETIME, nullable=True),
        sa.Column('suspended_at', DATETIME, nullable=True),
        sa.Column('closed_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_orders'))
    )
    op.create_index(
        op.f('ix_orders_client_network_state'),
        'orders', ['client_network', 'state'])
    op.create_index(op.f('ix_orders_flavor_id'), 'orders', ['flavor_id'])
    op.create_index(op.f('ix_orders_server_id'), 'orders', ['server_id'])
    op.create_index(
        op.f('ix_orders_state_paid_until'),
        'orders', ['state', 'paid_until'])
    op.create_index(
        op.f('ix_orders_state_state_deadline'),
        'orders', ['state', 'state_deadline'])

    op.create_table(
        'resource_providers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('service_host', sa.String(length=255), nullable=True),
        sa.Column('service_disabled', sa.Boolean(), nullable=False),
        sa.Column('service_up', sa.Boolean(), nullable=False),
        sa.Column('service_updated_at', DATETIME, nullable=True),
        sa.Column('cpu_load_percent', sa.Float(), nullable=True),
        sa.Column('metrics_updated_at', DATETIME, nullable=True),
        sa.Column('synced_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_providers')),
        sa.UniqueConstraint('uuid', name=op.f('uq_resource_providers_uuid'))
    )
    op.create_index(
        op.f('ix_resource_providers_name'),
        'resource_providers', ['name'])
    op.create_index(
        op.f('ix_resource_providers_service_host'),
        'resource_providers', ['service_host'])

    op.create_table(
        'services',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('binary', sa.String(length=255), nullable=False),
        sa.Column('version', sa.String(length=255), nullable=True),
        sa.Column('started_at', DATETIME, nullable=True),
        sa.Column('last_seen_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
        sa.UniqueConstraint(
            'host', 'binary',
            name=op.f('uq_services_host_binary'))
    )
    op.create_table(
        'order_transitions',
        sa.Column(
            'id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
            nullable=False),
        sa.Column('order_id', sa.String(length=36), nullable=False),
        sa.Column('from_state', sa.String(length=32), nullable=True),
        sa.Column('to_state', sa.String(length=32), nullable=False),
        sa.Column('cause', sa.String(length=255), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('actor', sa.String(length=255), nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'],
            name=op.f('fk_order_transitions_order_id_orders'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_order_transitions'))
    )
    op.create_index(
        op.f('ix_order_transitions_order_id_id'),
        'order_transitions', ['order_id', 'id'])

    op.create_table(
        'payment_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.String(length=36), nullable=False),
        sa.Column('purpose', sa.String(length=32), nullable=False),
        sa.Column('driver', sa.String(length=255), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=False),
        sa.Column('address', sa.String(length=255), nullable=True),
        sa.Column('invoice', sa.Text(), nullable=True),
        sa.Column('payment_uri', sa.Text(), nullable=True),
        sa.Column('amount_msat', sa.BigInteger(), nullable=False),
        sa.Column('received_msat', sa.BigInteger(), nullable=False),
        sa.Column('expires_at', DATETIME, nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'],
            name=op.f('fk_payment_requests_order_id_orders'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_requests')),
        sa.UniqueConstraint(
            'driver', 'address',
            name=op.f('uq_payment_requests_driver_address')),
        sa.UniqueConstraint(
            'driver', 'external_id',
            name=op.f('uq_payment_requests_driver_external_id'))
    )
    op.create_index(
        op.f('ix_payment_requests_order_id'),
        'payment_requests', ['order_id'])
    op.create_index(
        op.f('ix_payment_requests_status_expires_at'),
        'payment_requests', ['status', 'expires_at'])

    op.create_table(
        'provider_inventories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('resource_class', sa.String(length=255), nullable=False),
        sa.Column('total', sa.BigInteger(), nullable=False),
        sa.Column('reserved', sa.BigInteger(), nullable=False),
        sa.Column('min_unit', sa.BigInteger(), nullable=False),
        sa.Column('max_unit', sa.BigInteger(), nullable=False),
        sa.Column('step_size', sa.BigInteger(), nullable=False),
        sa.Column('allocation_ratio', sa.Float(), nullable=False),
        sa.Column('used', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ['provider_id'], ['resource_providers.id'],
            name=op.f(
                'fk_provider_inventories_provider_id_resource_providers'),
            ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_inventories')),
        sa.UniqueConstraint(
            'provider_id', 'resource_class',
            name=op.f('uq_provider_inventories_provider_id_resource_class'))
    )
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('driver', sa.String(length=255), nullable=False),
        sa.Column('money_key', sa.String(length=255), nullable=False),
        sa.Column('payment_request_id', sa.Integer(), nullable=True),
        sa.Column('order_id', sa.String(length=36), nullable=True),
        sa.Column('amount_msat', sa.BigInteger(), nullable=False),
        sa.Column('confirmations', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('credited_msat', sa.BigInteger(), nullable=False),
        sa.Column('credited_seconds', sa.BigInteger(), nullable=False),
        sa.Column('reversed_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'],
            name=op.f('fk_payments_order_id_orders'),
            ondelete='SET NULL'),
        sa.ForeignKeyConstraint(
            ['payment_request_id'], ['payment_requests.id'],
            name=op.f('fk_payments_payment_request_id_payment_requests'),
            ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
        sa.UniqueConstraint(
            'driver', 'money_key',
            name=op.f('uq_payments_driver_money_key'))
    )
    op.create_index(op.f('ix_payments_order_id'), 'payments', ['order_id'])
    op.create_index(
        op.f('ix_payments_payment_request_id'),
        'payments', ['payment_request_id'])

    op.create_table(
        'refunds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.String(length=36), nullable=True),
        sa.Column('payment_id', sa.Integer(), nullable=True),
        sa.Column('amount_msat', sa.BigInteger(), nullable=False),
        sa.Column('reason', sa.String(length=255), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('settled_at', DATETIME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ['order_id'], ['orders.id'],
            name=op.f('fk_refunds_order_id_orders'),
            ondelete='SET NULL'),
        sa.ForeignKeyConstraint(
            ['payment_id'], ['payments.id'],
            name=op.f('fk_refunds_payment_id_payments'),
            ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds'))
    )
    op.create_index(op.f('ix_refunds_order_id'), 'refunds', ['order_id'])
    op.create_index(op.f('ix_refunds_payment_id'), 'refunds', ['payment_id'])
    op.create_index(
        op.f('ix_refunds_status_created_at'),
        'refunds', ['status', 'created_at'])


def downgrade():
    op.drop_table('refunds')
    op.drop_table('payments')
    op.drop_table('provider_inventories')
    op.drop_table('payment_requests')
    op.drop_table('order_transitions')
    op.drop_table('services')
    op.drop_table('resource_providers')
    op.drop_table('orders')
    op.drop_table('idempotency_keys')
    op.drop_table('flavor_prices')
    op.drop_table('flavor_price_changes')
    op.drop_table('flavor_capacity')
    op.drop_table('driver_cursors')
