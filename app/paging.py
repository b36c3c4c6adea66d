"""One page of a list, the one way services page a query and the API reports it
(`X-Pagination` through flask-smorest's `paginate`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from app.extensions import db


@dataclass(frozen=True)
class Found[T]:
    """One page of a list and how many rows there are in all."""

    items: list[T]
    total: int


def page_of[T](stmt: Select[tuple[T]], page: int, per_page: int) -> Found[T]:
    """The rows of `stmt` on page `page` (from 1) of `per_page`, with the count of all."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return Found(items, total or 0)


def paged[T](found: Found[T], pagination: Any) -> list[T]:
    """An API view's answer for a page: its rows, with the total given to flask-smorest's
    pagination parameters (it writes the `X-Pagination` header)."""
    pagination.item_count = found.total
    return found.items
