"""picking: a pick batch's assigned picker

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 21:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pick_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_picker_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_pick_batches_assigned_picker_id_users'), 'users',
                                    ['assigned_picker_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_pick_batches_assigned_picker_id'), ['assigned_picker_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pick_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_batches_assigned_picker_id'))
        batch_op.drop_constraint(batch_op.f('fk_pick_batches_assigned_picker_id_users'), type_='foreignkey')
        batch_op.drop_column('assigned_picker_id')
