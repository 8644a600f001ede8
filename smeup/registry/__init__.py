"""The official company registry (GCIS): ask it by 統一編號, read its answer, keep it 30 days."""
