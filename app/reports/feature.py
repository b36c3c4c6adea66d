"""What the reports feature contributes."""

from app.feature import Feature
from app.reports import (  # noqa: F401 (the tables; each module's views join the blueprints)
    document_routes,
    models,
    period_resources,
    period_routes,
    resources,
    routes,
)
from app.reports.blueprints import blp, bp
from app.reports.cli import reports_cli
from app.reports.indicators import INDICATORS
from app.reports.messages import MESSAGES
from app.reports.period_audit_words import PERIODS_AUDIT
from app.reports.period_messages import PERIOD_MESSAGES

FEATURE = Feature(
    "reports",
    pages=bp,
    api=blp,
    commands=(reports_cli,),
    messages={**MESSAGES, **PERIOD_MESSAGES},
    audit_labels=PERIODS_AUDIT,
    indicators=INDICATORS,
)
