"""The ``portfolio`` / ``python -m dashboard`` command line, one module per command family."""
