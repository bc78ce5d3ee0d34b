"""The shop as its policy describes it.

The organization policy and its loader, business hours, text matching: pure rules over
``organization.yml``; nothing here touches the database, Rasa or the web.
"""
