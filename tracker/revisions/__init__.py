"""Revision history of curated data."""
