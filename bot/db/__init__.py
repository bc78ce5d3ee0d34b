"""The application database: models, engine and sessions, schema migrations, demo data."""
