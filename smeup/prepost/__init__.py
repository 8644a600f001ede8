"""能力提升前測／後測: course tests, scoring, and the pre/post comparison (digital.md)."""
