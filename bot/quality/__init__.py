"""Service quality: the figures of a period measured from what happened, and the shop's criteria checked on them.

``period`` is the stretch of days looked at; ``figures`` measures it from the database (conversations, handoffs,
SLA pledges, settlements, ratings, complaints by kind); ``criteria`` sets each business unit's figures against the
targets of ``organization.yml``; ``report`` writes them for the command line and as CSV.
"""
