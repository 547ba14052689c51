"""Staff uploads of CSV and Excel files: schemas, readers, validation, preview, commit, audit and undo.

``dashboard.importing.pipeline`` is the entry point (preview, commit, undo, import_history); the Upload page
and ``python -m dashboard import`` both go through it, so the same rules and permissions apply everywhere.
"""
