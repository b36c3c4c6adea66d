"""The site shell: language choice, health check, API docs page."""
