"""Shipping methods and the rules that choose them."""
