"""channels: shops, imported orders, deliveries, push-back outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:53:31
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('shop_url', sa.String(length=500), nullable=False),
    sa.Column('credentials_enc', sa.Text(), nullable=True),
    sa.Column('webhook_secret_enc', sa.Text(), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('status_map', sa.JSON(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('backorder_policy', sa.String(length=8), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('poll_interval_seconds', sa.Integer(), nullable=False),
    sa.Column('poll_overlap_seconds', sa.Integer(), nullable=False),
    sa.Column('poll_cursor', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_poll_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_poll_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels')),
    sa.UniqueConstraint('name', name=op.f('uq_channels_name'))
    )
    op.create_table('channel_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.String(length=160), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=True),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_deliveries_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_channel_deliveries_order_id_sales_orders'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_deliveries')),
    sa.UniqueConstraint('channel_id', 'delivery_id', name=op.f('uq_channel_deliveries_channel_id_delivery_id'))
    )
    with op.batch_alter_table('channel_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_deliveries_received_at'), ['received_at'], unique=False)

    op.create_table('channel_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('external_number', sa.String(length=120), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('shop_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('shop_status', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('refs', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('delivery_id', sa.String(length=160), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_orders_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_channel_orders_order_id_sales_orders'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_orders')),
    sa.UniqueConstraint('channel_id', 'external_id', name=op.f('uq_channel_orders_channel_id_external_id'))
    )
    with op.batch_alter_table('channel_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_orders_order_id'), ['order_id'], unique=False)

    op.create_table('channel_pushes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('dedupe_key', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_pushes_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_channel_pushes_order_id_sales_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_pushes')),
    sa.UniqueConstraint('channel_id', 'kind', 'dedupe_key', name=op.f('uq_channel_pushes_channel_id_kind_dedupe_key'))
    )
    with op.batch_alter_table('channel_pushes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_pushes_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_channel_pushes_state'), ['state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('channel_pushes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_pushes_state'))
        batch_op.drop_index(batch_op.f('ix_channel_pushes_order_id'))

    op.drop_table('channel_pushes')
    with op.batch_alter_table('channel_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_orders_order_id'))

    op.drop_table('channel_orders')
    with op.batch_alter_table('channel_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_deliveries_received_at'))

    op.drop_table('channel_deliveries')
    op.drop_table('channels')
