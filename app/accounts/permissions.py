"""Who may do what where: roles scoped by a locality's subtree (its materialised path).

An officer of a locality manages that locality and everything below it; a viewer reads it and
everything below it; an admin manages everything. This module is the policy the kernel's
`app.access` guards ask (registered by the accounts feature's set-up).

`managed_localities(user)` / `viewable_localities(user)` return a `Scope`, which features use to
filter their queries: `select(Market).where(viewable_localities(user).where(Market.locality_id))`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

from app.access import is_signed_in
from app.accounts.models import ADMIN, OFFICER, VIEWER, User
from app.localities.models import Locality
from app.localities.tree import is_within, subtree_ids_select


def is_admin(user: User | Any) -> bool:
    return is_signed_in(user) and user.has_role(ADMIN)


def _outermost(localities: Iterable[Locality]) -> tuple[Locality, ...]:
    """Drop localities that lie inside another one of the list (their subtree is already in)."""
    unique = {locality.id: locality for locality in localities}.values()
    roots = [
        candidate
        for candidate in unique
        if not any(other.id != candidate.id and is_within(candidate, other) for other in unique)
    ]
    return tuple(sorted(roots, key=lambda locality: (locality.path, locality.id)))


@dataclass(frozen=True)
class Scope:
    """A set of subtrees (or everything, for admins)."""

    everything: bool = False
    roots: tuple[Locality, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.roots

    def contains(self, locality: Locality | None) -> bool:
        if locality is None:
            return self.everything
        return self.everything or any(is_within(locality, root) for root in self.roots)

    def where(self, column: Any) -> ColumnElement[bool]:
        """A condition "`column` (a locality id) lies in this scope"."""
        if self.everything:
            return true()
        if not self.roots:
            return false()
        return or_(*(column.in_(subtree_ids_select(root)) for root in self.roots))


def _scoped_roots(user: User, roles: tuple[str, ...]) -> tuple[Locality, ...]:
    return _outermost(
        assignment.locality
        for assignment in user.roles
        if assignment.role in roles and assignment.locality is not None
    )


def managed_localities(user: User | Any) -> Scope:
    """Where `user` may change things: everything for admins, officers' subtrees otherwise."""
    if not is_signed_in(user):
        return Scope()
    if is_admin(user):
        return Scope(everything=True)
    return Scope(roots=_scoped_roots(user, (OFFICER,)))


def viewable_localities(user: User | Any) -> Scope:
    """Where `user` may read reports: admins everything, officers' and viewers' subtrees."""
    if not is_signed_in(user):
        return Scope()
    if is_admin(user):
        return Scope(everything=True)
    return Scope(roots=_scoped_roots(user, (OFFICER, VIEWER)))


def can_manage(user: User | Any, locality: Locality | None) -> bool:
    """Admin, or officer of `locality` or of one of its ancestors."""
    return locality is not None and managed_localities(user).contains(locality)


def can_view(user: User | Any, locality: Locality | None) -> bool:
    """Admin, or officer or viewer of `locality` or of one of its ancestors."""
    return locality is not None and viewable_localities(user).contains(locality)
