"""The audit log: who did what, when, from where. Append-only; admins read it at /admin/audit."""
