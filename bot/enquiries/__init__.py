"""Answers to customers' enquiries, read from the organization policy and the shop's tables."""
