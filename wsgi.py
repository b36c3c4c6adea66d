"""WSGI entry point: `gunicorn wsgi:app` (production) and `flask` (FLASK_APP=wsgi.py)."""

from app import create_app

app = create_app()
