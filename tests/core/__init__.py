"""Tests of the shared input rules (tracker/core)."""
