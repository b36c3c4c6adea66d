"""What every page form shares: a service's refusal shown beside its field."""

from __future__ import annotations

from flask_wtf import FlaskForm

from app.errors import DomainError


def show_beside(form: FlaskForm, error: DomainError, fallback: str) -> None:
    """Put `error`'s message beside its field (or beside `fallback` when the form has no such
    field), keeping what the person typed."""
    field = getattr(form, error.field or fallback, None) or getattr(form, fallback)
    field.errors = [*field.errors, error.message]
