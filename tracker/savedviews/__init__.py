"""Saved views: a named list (filters, sort, columns), private or shared with the team."""
