"""The application database: models, engine and sessions, schema migrations, the data key check, demo data."""
