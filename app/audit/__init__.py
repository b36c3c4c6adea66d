"""The audit log of changes to shared data."""
