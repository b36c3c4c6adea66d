"""What the teams feature contributes."""

from app.feature import Feature
from app.teams import models  # noqa: F401 (the tables)

FEATURE = Feature("teams")
