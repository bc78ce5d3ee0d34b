"""Staff accounts, sign-in and console sessions, and who is online."""
