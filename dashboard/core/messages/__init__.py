"""Message catalogues, one module per concern (see ``dashboard.i18n``)."""
