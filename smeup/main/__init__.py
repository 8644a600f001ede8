"""Home page, health check and inline field validation."""
