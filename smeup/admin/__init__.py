"""Account management for admins."""
