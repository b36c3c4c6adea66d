"""What the reports feature contributes."""

from app.feature import Feature
from app.reports import models  # noqa: F401 (the tables)

FEATURE = Feature("reports")
