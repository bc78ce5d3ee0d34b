"""Concierge: the electronic customer service of a Hong Kong jewellery and watch retailer."""
