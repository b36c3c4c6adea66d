"""What the site shell contributes: the language switch, the health check, the API docs page."""

from app.feature import Feature
from app.site.routes import bp

FEATURE = Feature("site", pages=bp)
