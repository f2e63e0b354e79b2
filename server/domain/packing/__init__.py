"""Packing: a packer checks every unit of an order into a parcel and closes it."""
