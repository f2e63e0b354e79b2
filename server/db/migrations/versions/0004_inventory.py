"""inventory: stock ledger (every change of on_hand, before -> after, who, why, when)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 19:24:54.353902
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stock_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stock_level_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('on_hand_before', sa.Integer(), nullable=False),
    sa.Column('on_hand_after', sa.Integer(), nullable=False),
    sa.Column('allocated_before', sa.Integer(), nullable=False),
    sa.Column('allocated_after', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('order_line_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_stock_ledger_location_id_locations')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_stock_ledger_order_line_id_order_lines'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_stock_ledger_order_id_sales_orders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_ledger_product_id_products')),
    sa.ForeignKeyConstraint(['stock_level_id'], ['stock_levels.id'], name=op.f('fk_stock_ledger_stock_level_id_stock_levels')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_ledger_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_ledger'))
    )
    with op.batch_alter_table('stock_ledger', schema=None) as batch_op:
        batch_op.create_index('ix_stock_ledger_product_id_created_at', ['product_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_ledger_order_line_id'), ['order_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_ledger_stock_level_id'), ['stock_level_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stock_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_ledger_stock_level_id'))
        batch_op.drop_index(batch_op.f('ix_stock_ledger_order_line_id'))
        batch_op.drop_index('ix_stock_ledger_product_id_created_at')

    op.drop_table('stock_ledger')
