"""Where Concierge meets Rasa.

The tracker store Rasa runs with, its sealed events and table, and the process stack (action server and
Rasa server).
"""
