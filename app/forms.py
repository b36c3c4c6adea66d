"""What every page form shares: a service's refusal shown beside its field, the filters that
strip typed text and read a picked id."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

from app.errors import DomainError
from app.request_guards import MAX_DB_INTEGER


def show_beside(form: FlaskForm, error: DomainError, fallback: str) -> None:
    """Put `error`'s message beside its field (or beside `fallback` when the form has no such
    field), and the messages of the further fields it names (`error.errors`) that the form has
    beside theirs, keeping what the person typed. A field that already shows the form's own
    refusal keeps only that one: the service judged a value the form had found wrong (and cut)."""
    shown = {field.name for field in form if field.errors}
    main = getattr(form, error.field or fallback, None) or getattr(form, fallback)
    further = [(form[name], messages) for name, messages in error.errors.items() if name in form]
    for field, messages in [(main, [error.message]), *further]:
        if field.name not in shown:
            field.errors = [*field.errors, *messages]


def strip(value: Any) -> Any:
    """A form filter: typed text without surrounding spaces (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


def picked_id(value: object) -> int | None:
    """A form coerce for an id picked from a list: None when blank; 0 (which no row has, so a
    range validator or a lookup refuses it) for anything that is not a whole number the
    database can hold. Never an integer PostgreSQL would refuse."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_DB_INTEGER:
        return int(text)
    return 0
