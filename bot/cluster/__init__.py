"""Running on several machines: which Rasa server has a conversation, timers run once, live chat across gateways."""
