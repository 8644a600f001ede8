"""Reference data every room reads, loaded once from smeup/data: sites, service units, rules."""
