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

"""order pay code: the public name of an order in its LNURL-pay link

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 12:30:00.000000
"""

import base64
import secrets

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _new_pay_code():
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip(
        '=').lower()


def upgrade():
    with op.batch_alter_table('orders') as batch:
        batch.add_column(sa.Column('pay_code', sa.String(length=32),
                                   nullable=True))
    orders = sa.table('orders', sa.column('id', sa.String),
                      sa.column('pay_code', sa.String))
    connection = op.get_bind()
    for (order_id,) in connection.execute(sa.select(orders.c.id)).all():
        connection.execute(orders.update().where(orders.c.id == order_id)
                           .values(pay_code=_new_pay_code()))
    with op.batch_alter_table('orders') as batch:
        batch.create_unique_constraint(op.f('uq_orders_pay_code'),
                                       ['pay_code'])


def downgrade():
    with op.batch_alter_table('orders') as batch:
        batch.drop_constraint(op.f('uq_orders_pay_code'), type_='unique')
        batch.drop_column('pay_code')
