"""Officer console: lists, details, exports, the dashboard and the audit log."""
