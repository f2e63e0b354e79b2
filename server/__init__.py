"""Shipfloor server: the Litestar app, its domains, storage and command line."""

__version__ = "0.1.0"
