"""Cases from intake to closure.

The case service and the complaint form, authority and settlement, live handoff, ratings and feedback,
the webhook outbox, references, and ``lifecycle``: every status and every allowed transition.
"""
