"""rasa_sdk actions of Concierge: thin adapters from the tracker to the services in ``bot/``."""
