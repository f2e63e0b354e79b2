"""Shipments: parcels, carriers, labels, packing slips and the hand-over to the carrier."""
