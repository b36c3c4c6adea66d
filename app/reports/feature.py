"""What the reports feature contributes."""

from app.feature import Feature
from app.reports import (  # noqa: F401 (the tables; each module's views join the blueprints)
    document_routes,
    models,
    resources,
    routes,
)
from app.reports.blueprints import blp, bp
from app.reports.messages import MESSAGES

FEATURE = Feature("reports", pages=bp, api=blp, messages=MESSAGES)
