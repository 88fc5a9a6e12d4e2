"""Team workflow: owners of recommendations, follow-up dates, staleness and My work."""
