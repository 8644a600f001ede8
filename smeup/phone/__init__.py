"""Call-centre entry: agents fill forms for callers, look companies up, keep unfinished calls."""
