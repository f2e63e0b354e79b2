"""All tables, imported here so that metadata and Alembic see every one of them."""

from server.db.models.allocation import Allocation
from server.db.models.auth_token import AuthToken
from server.db.models.channel import Channel
from server.db.models.channel_delivery import ChannelDelivery
from server.db.models.channel_order import ChannelOrder
from server.db.models.channel_push import ChannelPush
from server.db.models.customer import Customer
from server.db.models.idempotency_key import IdempotencyKey
from server.db.models.job_lease import JobLease
from server.db.models.layout import Location, WarehouseLayout
from server.db.models.order import OrderLine, SalesOrder
from server.db.models.order_event import OrderEvent
from server.db.models.packing_session import PackingScan, PackingSession
from server.db.models.pick_batch import PickBatch, PickBatchOrder
from server.db.models.pick_confirmation import PickConfirmation, PutAwayTask
from server.db.models.pick_scan import PickScan
from server.db.models.pick_stop import PickStop, PickTask
from server.db.models.product import Product, ProductBarcode
from server.db.models.shipment import Shipment
from server.db.models.shipping_method import ShippingMethod
from server.db.models.shipping_rule import ShippingRule
from server.db.models.stock import StockLevel
from server.db.models.tote import Tote
from server.db.models.stock_ledger import StockLedgerEntry
from server.db.models.user import ROLES, User

__all__ = [
    "ROLES",
    "Allocation",
    "AuthToken",
    "Channel",
    "ChannelDelivery",
    "ChannelOrder",
    "ChannelPush",
    "Customer",
    "IdempotencyKey",
    "JobLease",
    "Location",
    "OrderEvent",
    "OrderLine",
    "PackingScan",
    "PackingSession",
    "PickBatch",
    "PickBatchOrder",
    "PickConfirmation",
    "PickScan",
    "PickStop",
    "PickTask",
    "Product",
    "ProductBarcode",
    "PutAwayTask",
    "SalesOrder",
    "Shipment",
    "ShippingMethod",
    "ShippingRule",
    "StockLedgerEntry",
    "StockLevel",
    "Tote",
    "User",
    "WarehouseLayout",
]
