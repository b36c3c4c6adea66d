"""Every feature of the app, registered in one place: adding a feature is one entry here."""

from __future__ import annotations

from flask import Flask

from app.accounts.feature import FEATURE as ACCOUNTS
from app.audit.feature import FEATURE as AUDIT
from app.codes.feature import FEATURE as CODES
from app.demo import FEATURE as DEMO
from app.events.feature import FEATURE as EVENTS
from app.feature import Feature
from app.jobs import FEATURE as JOBS
from app.localities.feature import FEATURE as LOCALITIES
from app.markets.feature import FEATURE as MARKETS
from app.reports.feature import FEATURE as REPORTS
from app.site.feature import FEATURE as SITE
from app.teams.feature import FEATURE as TEAMS
from app.transaction import register_conflict_handler

FEATURES: tuple[Feature, ...] = (
    SITE,
    JOBS,
    CODES,
    LOCALITIES,
    ACCOUNTS,
    AUDIT,
    MARKETS,
    EVENTS,
    TEAMS,
    REPORTS,
    DEMO,
)


def register_features(app: Flask) -> None:
    """Register every feature's contributions (and the kernel's conflict handler) on `app`."""
    for feature in FEATURES:
        feature.register(app)
    register_conflict_handler(app)
