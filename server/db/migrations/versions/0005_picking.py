"""picking: batches, stops, scans, totes, packing, shipments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 19:26:13.994120
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pick_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('layout_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('picker_id', sa.Integer(), nullable=True),
    sa.Column('route_method', sa.String(length=32), nullable=True),
    sa.Column('route_length_m', sa.Float(), nullable=False),
    sa.Column('code_order_length_m', sa.Float(), nullable=False),
    sa.Column('route_path', sa.JSON(), nullable=False),
    sa.Column('awaiting_tote', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_pick_batches_created_by_id_users')),
    sa.ForeignKeyConstraint(['layout_id'], ['warehouse_layouts.id'], name=op.f('fk_pick_batches_layout_id_warehouse_layouts')),
    sa.ForeignKeyConstraint(['picker_id'], ['users.id'], name=op.f('fk_pick_batches_picker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_batches'))
    )
    with op.batch_alter_table('pick_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_batches_picker_id'), ['picker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pick_batches_status'), ['status'], unique=False)

    op.create_table('pick_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('device', sa.String(length=64), nullable=True),
    sa.Column('raw_escaped', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parsed', sa.JSON(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['pick_batches.id'], name=op.f('fk_pick_scans_batch_id_pick_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pick_scans_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_scans')),
    sa.UniqueConstraint('client_id', name=op.f('uq_pick_scans_client_id'))
    )
    with op.batch_alter_table('pick_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_scans_batch_id'), ['batch_id'], unique=False)

    op.create_table('packing_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('tote_code', sa.String(length=64), nullable=True),
    sa.Column('packer_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('packed', sa.JSON(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_packing_sessions_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['packer_id'], ['users.id'], name=op.f('fk_packing_sessions_packer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packing_sessions'))
    )
    with op.batch_alter_table('packing_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packing_sessions_order_id'), ['order_id'], unique=False)

    op.create_table('pick_batch_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('claimed_order_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('tote_code', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['pick_batches.id'], name=op.f('fk_pick_batch_orders_batch_id_pick_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_pick_batch_orders_order_id_sales_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_batch_orders')),
    sa.UniqueConstraint('batch_id', 'position', name=op.f('uq_pick_batch_orders_batch_id_position')),
    sa.UniqueConstraint('claimed_order_id', name=op.f('uq_pick_batch_orders_claimed_order_id'))
    )
    with op.batch_alter_table('pick_batch_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_batch_orders_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pick_batch_orders_order_id'), ['order_id'], unique=False)

    op.create_table('pick_put_aways',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('tote_code', sa.String(length=64), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_pick_put_aways_done_by_id_users')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_pick_put_aways_location_id_locations')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_pick_put_aways_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_pick_put_aways_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_put_aways'))
    )
    with op.batch_alter_table('pick_put_aways', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_put_aways_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pick_put_aways_state'), ['state'], unique=False)

    op.create_table('pick_stops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('stock_level_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('located', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['pick_batches.id'], name=op.f('fk_pick_stops_batch_id_pick_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_pick_stops_location_id_locations')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_pick_stops_product_id_products')),
    sa.ForeignKeyConstraint(['stock_level_id'], ['stock_levels.id'], name=op.f('fk_pick_stops_stock_level_id_stock_levels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_stops'))
    )
    with op.batch_alter_table('pick_stops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_stops_batch_id'), ['batch_id'], unique=False)

    op.create_table('shipments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shipping_method_id', sa.Integer(), nullable=True),
    sa.Column('carrier', sa.String(length=64), nullable=False),
    sa.Column('service', sa.String(length=120), nullable=True),
    sa.Column('tracking_number', sa.String(length=64), nullable=False),
    sa.Column('weight_grams', sa.Integer(), nullable=False),
    sa.Column('box', sa.String(length=32), nullable=True),
    sa.Column('length_mm', sa.Integer(), nullable=True),
    sa.Column('width_mm', sa.Integer(), nullable=True),
    sa.Column('height_mm', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('label_zpl', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handed_over_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('weight_grams >= 0', name=op.f('ck_shipments_weight_non_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_shipments_created_by_id_users')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_shipments_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['shipping_method_id'], ['shipping_methods.id'], name=op.f('fk_shipments_shipping_method_id_shipping_methods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipments')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_shipments_tracking_number'))
    )
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipments_order_id'), ['order_id'], unique=False)

    op.create_table('totes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('bound_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_totes_order_id_sales_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_totes')),
    sa.UniqueConstraint('code', name=op.f('uq_totes_code')),
    sa.UniqueConstraint('order_id', name=op.f('uq_totes_order_id'))
    )
    op.create_table('packing_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('raw_escaped', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_packing_scans_product_id_products')),
    sa.ForeignKeyConstraint(['session_id'], ['packing_sessions.id'], name=op.f('fk_packing_scans_session_id_packing_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_packing_scans_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packing_scans')),
    sa.UniqueConstraint('client_id', name=op.f('uq_packing_scans_client_id'))
    )
    with op.batch_alter_table('packing_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packing_scans_session_id'), ['session_id'], unique=False)

    op.create_table('pick_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stop_id', sa.Integer(), nullable=False),
    sa.Column('batch_order_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('picked', sa.Integer(), nullable=False),
    sa.CheckConstraint('picked >= 0 AND picked <= quantity', name=op.f('ck_pick_tasks_picked_within_quantity')),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_pick_tasks_quantity_non_negative')),
    sa.ForeignKeyConstraint(['batch_order_id'], ['pick_batch_orders.id'], name=op.f('fk_pick_tasks_batch_order_id_pick_batch_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_pick_tasks_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_pick_tasks_order_line_id_order_lines')),
    sa.ForeignKeyConstraint(['stop_id'], ['pick_stops.id'], name=op.f('fk_pick_tasks_stop_id_pick_stops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_tasks'))
    )
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_tasks_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pick_tasks_stop_id'), ['stop_id'], unique=False)

    op.create_table('pick_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('tote_code', sa.String(length=64), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('scan_client_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_pick_confirmations_quantity_positive')),
    sa.ForeignKeyConstraint(['batch_id'], ['pick_batches.id'], name=op.f('fk_pick_confirmations_batch_id_pick_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_pick_confirmations_location_id_locations')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_pick_confirmations_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_pick_confirmations_order_line_id_order_lines')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_pick_confirmations_product_id_products')),
    sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_pick_confirmations_task_id_pick_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pick_confirmations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_confirmations'))
    )
    with op.batch_alter_table('pick_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_confirmations_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pick_confirmations_order_id'), ['order_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pick_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_confirmations_order_id'))
        batch_op.drop_index(batch_op.f('ix_pick_confirmations_batch_id'))

    op.drop_table('pick_confirmations')
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_tasks_stop_id'))
        batch_op.drop_index(batch_op.f('ix_pick_tasks_order_id'))

    op.drop_table('pick_tasks')
    with op.batch_alter_table('packing_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packing_scans_session_id'))

    op.drop_table('packing_scans')
    op.drop_table('totes')
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipments_order_id'))

    op.drop_table('shipments')
    with op.batch_alter_table('pick_stops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_stops_batch_id'))

    op.drop_table('pick_stops')
    with op.batch_alter_table('pick_put_aways', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_put_aways_state'))
        batch_op.drop_index(batch_op.f('ix_pick_put_aways_order_id'))

    op.drop_table('pick_put_aways')
    with op.batch_alter_table('pick_batch_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_batch_orders_order_id'))
        batch_op.drop_index(batch_op.f('ix_pick_batch_orders_batch_id'))

    op.drop_table('pick_batch_orders')
    with op.batch_alter_table('packing_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packing_sessions_order_id'))

    op.drop_table('packing_sessions')
    with op.batch_alter_table('pick_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_scans_batch_id'))

    op.drop_table('pick_scans')
    with op.batch_alter_table('pick_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_batches_status'))
        batch_op.drop_index(batch_op.f('ix_pick_batches_picker_id'))

    op.drop_table('pick_batches')
