"""Signing in and out, and the account commands."""
