"""All tables, imported here so that metadata and Alembic see every one of them."""

from server.db.models.auth_token import AuthToken
from server.db.models.customer import Customer
from server.db.models.layout import Location, WarehouseLayout
from server.db.models.product import Product, ProductBarcode
from server.db.models.stock import StockLevel
from server.db.models.user import ROLES, User

__all__ = [
    "ROLES",
    "AuthToken",
    "Customer",
    "Location",
    "Product",
    "ProductBarcode",
    "StockLevel",
    "User",
    "WarehouseLayout",
]
