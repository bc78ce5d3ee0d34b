"""The application database: models, engine and sessions, demo data."""
