"""Users, roles scoped to localities, sessions and API tokens."""
