"""The field's standard files, read and written with no database and no interface: pure functions.

- ``dashboard.standards.iati``: IATI activity XML, versions 2.01 to 2.03 read (streamed, attack-safe, checked
  against the shipped 2.03 schema), 2.03 written (checked against the same schema).
- ``dashboard.standards.scdl``: the French SCDL "subventions" grant files (CSV or .xlsx) read against the
  shipped ``schema.json``.

What these modules find wrong is a ``dashboard.standards.problems.Problem`` (a message key with its values,
translated in ``dashboard/messages/standards.py``), so the upload pipeline, the command line and the tests all
show the same sentence in English or French.
"""
