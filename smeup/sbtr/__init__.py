"""SBTR 城鄉創生 proposals: plan dates, eligibility and upload checks."""
