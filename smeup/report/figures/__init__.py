"""The report's figures, one module per strategy; each returns tables for one scope."""
