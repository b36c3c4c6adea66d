"""What a feature contributes to the app, declared once in its `feature.py` as `FEATURE`.

`app/features.py` lists every feature; building the app registers each one's page blueprint,
API blueprint (under /api/v1, documented by flask-smorest), command groups, error messages,
audit-log labels and set-up hook. Adding a feature is one entry in that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import click
from flask import Blueprint, Flask

from app.api_docs import add_section
from app.errors import register_json_prefixes, register_messages
from app.extensions import api, csrf
from app.indicators import Indicator

AUDIT_LABELS_KEY = "quet.audit_labels"
INDICATORS_KEY = "quet.indicators"
DATA_INDICATORS_KEY = "quet.data_indicators"

#: Indicators a feature's own data defines, read when asked (one per activity topic the admin
#: adds, say). Each call must return the same `Count` objects for the same indicator (memoised),
#: so that stored values find them again, and they may read only tables the feature's fixed
#: indicators read (the stored values are forgotten when those change).
DataIndicators = Callable[[], Iterable[Indicator]]


#: Names what an audit entry is about from (entity_id, before, after), e.g. a hamlet's name.
Subject = Callable[[str, Mapping[str, Any] | None, Mapping[str, Any] | None], str | None]


@dataclass(frozen=True)
class AuditLabels:
    """What a feature's audit-log codes mean to a person, so the log speaks the domain.

    `entities`, `actions` and `actors` map codes to labels. `fields` labels the recorded
    fields and `values` shows a recorded value in the domain's words (a role code → its name,
    a locality id → the locality); a key "entity.field" applies to one entity only and wins
    over "field". `subjects` names what an entry of an entity is about, instead of its id.
    """

    entities: Mapping[str, Any] = field(default_factory=dict)
    actions: Mapping[str, Any] = field(default_factory=dict)
    fields: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    subjects: Mapping[str, Subject] = field(default_factory=dict)
    actors: Mapping[str, Any] = field(default_factory=dict)

    def merged(self, other: AuditLabels) -> AuditLabels:
        """These labels with `other`'s added (other's win on the same key)."""
        return AuditLabels(
            {**self.entities, **other.entities},
            {**self.actions, **other.actions},
            {**self.fields, **other.fields},
            {**self.values, **other.values},
            {**self.subjects, **other.subjects},
            {**self.actors, **other.actors},
        )


@dataclass(frozen=True)
class Feature:
    """One feature's contributions; every part is optional."""

    name: str
    pages: Blueprint | None = None
    #: A flask-smorest blueprint, mounted under /api/v1.
    api: Any | None = None
    commands: tuple[click.Command, ...] = ()
    #: Error code → translatable message (lazy_gettext), for the codes its services raise.
    messages: Mapping[str, Any] = field(default_factory=dict)
    audit_labels: AuditLabels = field(default_factory=AuditLabels)
    #: Paths outside /api/ that answer errors in JSON (machine endpoints such as image links).
    json_prefixes: tuple[str, ...] = ()
    #: The indicators counted from this feature's records (`app.indicators`).
    indicators: tuple[Indicator, ...] = ()
    #: The indicators its data defines (`DataIndicators`), listed after its fixed ones.
    data_indicators: DataIndicators | None = None
    #: Anything else the feature hooks into the app (request hooks, loaders), called last.
    setup: Callable[[Flask], None] | None = None

    def register(self, app: Flask) -> None:
        """Add everything this feature contributes to `app`."""
        if self.pages is not None:
            app.register_blueprint(self.pages)
        if self.api is not None:
            # The API authenticates scripts with bearer tokens, not cookies, so form CSRF tokens
            # do not apply; a browser's session still needs one (see app.accounts.auth).
            csrf.exempt(self.api)
            api.register_blueprint(self.api, url_prefix="/api/v1")
            add_section(api, getattr(self.api, "tag", self.api.name), self.api.description)
        for command in self.commands:
            app.cli.add_command(command)
        register_messages(app, self.messages)
        register_json_prefixes(app, self.json_prefixes)
        labels: AuditLabels = app.extensions.get(AUDIT_LABELS_KEY, AuditLabels())
        app.extensions[AUDIT_LABELS_KEY] = labels.merged(self.audit_labels)
        registered: dict[str, Indicator] = app.extensions.setdefault(INDICATORS_KEY, {})
        for indicator in self.indicators:
            if indicator.code in registered:
                raise ValueError(f"indicator {indicator.code!r} is defined twice")
            registered[indicator.code] = replace(indicator, feature=self.name)
        if self.data_indicators is not None:
            sources: dict[str, DataIndicators] = app.extensions.setdefault(DATA_INDICATORS_KEY, {})
            sources[self.name] = self.data_indicators
        if self.setup is not None:
            self.setup(app)


def audit_labels(app: Flask) -> AuditLabels:
    """Every registered feature's audit labels."""
    labels: AuditLabels = app.extensions.get(AUDIT_LABELS_KEY, AuditLabels())
    return labels


def fixed_indicators(app: Flask) -> dict[str, Indicator]:
    """Every registered feature's fixed indicators by code, in the order the features register."""
    registered: dict[str, Indicator] = app.extensions.get(INDICATORS_KEY, {})
    return registered


def indicators(app: Flask) -> dict[str, Indicator]:
    """Every indicator by code: each feature's fixed ones, then those its data defines (a code
    already fixed keeps its fixed definition), in the order the features register."""
    fixed = fixed_indicators(app)
    sources: dict[str, DataIndicators] = app.extensions.get(DATA_INDICATORS_KEY, {})
    if not sources:
        return fixed
    defined = {name: list(source()) for name, source in sources.items()}
    merged: dict[str, Indicator] = {}

    def add_defined(feature: str) -> None:
        for item in defined.pop(feature, ()):
            if item.code not in fixed and item.code not in merged:
                merged[item.code] = replace(item, feature=feature)

    items = list(fixed.values())
    for index, item in enumerate(items):
        merged[item.code] = item
        if index + 1 == len(items) or items[index + 1].feature != item.feature:
            add_defined(item.feature)
    for feature in list(defined):
        add_defined(feature)
    return merged
