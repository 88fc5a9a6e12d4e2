"""Settings shared by the benchmark modules."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "bench"
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"
SECRET = "benchmark-secret-key"
STAFF_EMAIL = "bench-staff@example.org"
STAFF_PASSWORD = "benchmark passphrase 42 long"
