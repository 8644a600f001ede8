"""gunicorn entry point: `gunicorn wsgi:app`."""

from smeup import create_app

app = create_app()
