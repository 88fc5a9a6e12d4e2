"""Import and export: CSV files of actors, documents, recommendations and status history.

``import_csv(session, file_obj, progress=None) -> ImportReport`` is the public entry
point (see ``tracker.transfer.operations``); exports stream through ``tracker.csvstream``.
"""

from tracker.transfer.importing import ImportReport, RowError
from tracker.transfer.operations import import_csv

__all__ = ["ImportReport", "RowError", "import_csv"]
