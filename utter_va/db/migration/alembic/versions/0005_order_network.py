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


"""order network: the security group, floating IP and ingress rules

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 13:00:00.000000
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('flavor_prices', 'flavor_price_changes'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(
                'ingress_rules', db_types.JsonEncodedList(), nullable=True))
    with op.batch_alter_table('orders') as batch:
        batch.add_column(sa.Column(
            'ingress_rules', db_types.JsonEncodedList(), nullable=True))
        batch.add_column(sa.Column('security_group_id', sa.String(length=36),
                                   nullable=True))
        batch.add_column(sa.Column('floating_ip_id', sa.String(length=36),
                                   nullable=True))
        batch.add_column(sa.Column('floating_ip_address',
                                   sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('orders') as batch:
        for column in ('floating_ip_address', 'floating_ip_id',
                       'security_group_id', 'ingress_rules'):
            batch.drop_column(column)
    for table in ('flavor_price_changes', 'flavor_prices'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('ingress_rules')
