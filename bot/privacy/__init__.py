"""Personal data under the Privacy Ordinance.

Encryption, redaction, retention, the audit log, data requests and the DPO's export, and ``access``: who
may see which personal data.
"""
