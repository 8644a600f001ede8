"""淨零健檢: emission factors, emissions, urgency rules and prescriptions (no Flask here)."""
