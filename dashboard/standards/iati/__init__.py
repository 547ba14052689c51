"""IATI activity files: the shipped 2.03 schemas and codelists (``data/``, see ``data/SOURCE.md``), the
streaming reader (``reader``), the typed activity (``model``) and the 2.03 writer (``writer``)."""
