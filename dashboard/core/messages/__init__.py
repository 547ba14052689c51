"""Message catalogues, one module per concern (see ``dashboard.core.i18n``)."""
