"""Shipment tests reuse the picking fixtures."""

from tests.picking.conftest import enter, packer, picker, scan, supervisor, walk, world  # noqa: F401
