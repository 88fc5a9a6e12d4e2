"""Bulk actions on many recommendations at once: all saved, or none."""
