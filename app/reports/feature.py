"""What the reports feature contributes."""

from app.feature import Feature
from app.reports import models, period_resources, period_routes  # noqa: F401 (tables, views)
from app.reports.blueprints import blp, bp
from app.reports.indicators import INDICATORS
from app.reports.period_audit_words import PERIODS_AUDIT
from app.reports.period_messages import PERIOD_MESSAGES

FEATURE = Feature(
    "reports",
    pages=bp,
    api=blp,
    messages=PERIOD_MESSAGES,
    audit_labels=PERIODS_AUDIT,
    indicators=INDICATORS,
)
