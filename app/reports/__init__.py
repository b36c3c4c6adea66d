"""Adoption by locality: indicators rolled up the hierarchy and over time, entered figures,
reports submitted upward, targets, the dashboard, the map and the exports."""
