"""Company block domain rules: 統一編號, phone numbers, counties, industries and the SME test."""
