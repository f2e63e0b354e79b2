"""Stock and allocation."""
