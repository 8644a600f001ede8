"""Course-preference surveys: ranking validation and aggregation."""
