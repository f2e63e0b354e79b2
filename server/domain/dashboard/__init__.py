"""The supervisor's read models: the floor dashboard, customer look-up, shipping preview."""
