"""The audit log in the domain's words: labels, names and values instead of codes, ids and JSON.

Each feature says what its codes mean (`AuditLabels` in its `feature.py`); this module applies
those words to an entry. Nothing recorded is left out: every changed field is shown, and a value
nobody gave words for is shown as plain text (never as JSON).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from app.audit.services import changed_fields
from app.audit_log import AuditEntry
from app.feature import AuditLabels
from app.formatting import format_day, format_moment

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


@dataclass(frozen=True)
class ShownChange:
    """One recorded field: its label and its values before and after (None: no value)."""

    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ShownEntry:
    """An audit entry as a person reads it."""

    entry: AuditEntry
    action: str
    entity: str
    subject: str | None
    actor: str
    at: str
    changes: list[ShownChange]

    @property
    def created(self) -> bool:
        """Nothing existed before (a creation, a grant): only the new values matter."""
        return self.entry.before is None

    @property
    def removed(self) -> bool:
        """Nothing exists after (a revocation): only the old values matter."""
        return self.entry.after is None


class Presenter:
    """Shows audit entries with every registered feature's `AuditLabels`."""

    def __init__(self, labels: AuditLabels) -> None:
        self.labels = labels

    def entry(self, entry: AuditEntry) -> ShownEntry:
        """`entry` with its action, entity, subject, actor and changed fields in words."""
        entity = entry.entity
        return ShownEntry(
            entry=entry,
            action=_label(self.labels.actions, entry.action),
            entity=self.entity_label(entity),
            subject=self.subject(entry),
            actor=self.actor(entry.actor_label),
            at=when(entry.at),
            changes=[
                ShownChange(
                    self.field_label(entity, name),
                    self.value(entity, name, before),
                    self.value(entity, name, after),
                )
                for name, before, after in changed_fields(entry)
            ],
        )

    def entity_label(self, entity: str) -> str:
        """What kind of data an entity name is, in words (unknown names as they are)."""
        return _label(self.labels.entities, entity)

    def subject(self, entry: AuditEntry) -> str | None:
        """What the entry is about, by name (the entity's own words), else None."""
        name = self.labels.subjects.get(entry.entity)
        if name is None:
            return None
        found = name(entry.entity_id, entry.before, entry.after)
        return str(found) if found else None

    def actor(self, label: str) -> str:
        """Who acted: an email as it is; "cli", "system", "cli:who@x.vn" … in words."""
        kind, _sep, who = label.partition(":")
        named = self.labels.actors.get(kind)
        if named is None:
            return label
        return f"{named} ({who})" if who else str(named)

    def field_label(self, entity: str, name: str) -> str:
        """A recorded field's label; a field nobody named shows its name with spaces."""
        label = self.labels.fields.get(f"{entity}.{name}", self.labels.fields.get(name))
        return str(label) if label is not None else name.replace("_", " ")

    def value(self, entity: str, name: str, value: Any) -> str | None:
        """A recorded value in words (None when there was none)."""
        if value is None:
            return None
        show = self.labels.values.get(f"{entity}.{name}", self.labels.values.get(name))
        if show is not None:
            value = show(value)
        return None if value is None else self.plain(value)

    def plain(self, value: Any) -> str:
        """Any recorded value as plain text in the reader's language: yes/no, numbers and dates
        the local way, lists and mappings as "label: value" lines, never JSON."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return str(_("Có") if value else _("Không"))
        if isinstance(value, int | float):
            return str(format_decimal(value))
        if isinstance(value, date):
            return when(value)
        if isinstance(value, str):
            return _when(value) or value
        if isinstance(value, Mapping):
            return "; ".join(
                f"{self.field_label('', str(key))}: {self.plain(item)}"
                for key, item in value.items()
            )
        if isinstance(value, list | tuple | set | frozenset):
            return ", ".join(self.plain(item) for item in value)
        return str(value)


def _label(labels: Mapping[str, Any], code: str) -> str:
    label = labels.get(code)
    return str(label) if label is not None else code


def when(moment: date) -> str:
    """A date or date-time the reader's way: "04/03/2026 17:06" in Vietnamese (the time in the
    app's time zone), "Mar 4, 2026, 5:06 PM" in English."""
    if isinstance(moment, datetime):
        return format_moment(moment)
    return format_day(moment)


def _when(text: str) -> str | None:
    """An ISO date or date-time (as snapshots record them) the reader's way, else None."""
    try:
        if _ISO_DATETIME.fullmatch(text):
            return when(datetime.fromisoformat(text.replace("Z", "+00:00")))
        if _ISO_DATE.fullmatch(text):
            return when(date.fromisoformat(text))
    except ValueError:  # e.g. month 13: not a date after all
        return None
    return None
