"""Revision history of curated data, and the data-version counters behind cached counts."""
