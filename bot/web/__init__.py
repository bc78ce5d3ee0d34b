"""The web gateway: the one public port, serving customers (and later staff and admins)."""
