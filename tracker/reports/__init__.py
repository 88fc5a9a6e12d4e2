"""Progress reports: a dashboard, reports for a period (page, PDF, CSV), saved snapshots and reviews."""
