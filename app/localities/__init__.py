"""Administrative units: province → commune (2025) → hamlet, plus the legacy units."""
