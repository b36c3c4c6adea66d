"""What the teams feature contributes: its pages and API, what its refusals say, what its
audit entries mean (`app.teams.audit_words`) and its indicators (`app.teams.indicators`)."""

from app.feature import Feature

# Pages and API endpoints on the two blueprints, in modules of their own.
from app.teams import (  # noqa: F401
    models,
    resources,
    routes,
)
from app.teams.audit_words import TEAMS_AUDIT
from app.teams.blueprints import blp, bp
from app.teams.indicators import INDICATORS, topic_indicators
from app.teams.messages import MESSAGES

FEATURE = Feature(
    "teams",
    pages=bp,
    api=blp,
    messages=MESSAGES,
    audit_labels=TEAMS_AUDIT,
    indicators=INDICATORS,
    data_indicators=topic_indicators,
)
