"""Rules written once and shared by every feature (input parsing, forms, HTTP helpers)."""
