"""What the reports feature contributes."""

from app.feature import Feature
from app.reports import (
    document_routes,  # noqa: F401 (the report sent upward: page and files)
    models,  # noqa: F401 (the tables)
)
from app.reports.blueprints import bp

FEATURE = Feature("reports", pages=bp)
