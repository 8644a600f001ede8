"""Streaming CSV/XLSX export writers shared by the per-form exporters."""
