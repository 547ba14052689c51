"""SCDL "subventions" grant files (French local authorities' open data): the shipped Table Schema
(``data/schema.json``, see ``data/SOURCE.md``), SIRET checks (``siret``) and the reader (``reader``)."""
