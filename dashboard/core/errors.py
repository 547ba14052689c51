"""The one base class of errors that people read: an error carries a message key and its values, never a
sentence, and is put into words in the reader's language by ``dashboard.core.i18n`` when it is shown.

The upload's cell and file errors (``importing.values.CellError``, ``importing.readers.ReadError``), a refused
undo (``importing.undo.UndoRefusedError``), an account request that cannot be carried out
(``accounts.users.AccountError``) and a configuration refused at start (``core.settings.SettingsError``)
derive from it. ``str(error)`` is the English text, for logs and the command line.
"""

from __future__ import annotations

from dashboard.core.i18n import t
from dashboard.core.text import escape_values


class TranslatableError(Exception):
    """An error whose message is ``t(KEY_PREFIX + key, lang, **values)``."""

    KEY_PREFIX = ""  # a family's common start of its keys ("import." for the upload's errors)

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    @property
    def message_key(self) -> str:
        return self.KEY_PREFIX + self.key

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (English when None or unknown)."""
        return t(self.message_key, lang, **self.values)

    def markdown(self, lang: str | None = None) -> str:
        """The message for Markdown (``st.error`` and the like): its values escaped, so a value taken from an
        upload (a name, a cell) shows as typed and never becomes a link or an image."""
        return t(self.message_key, lang, **escape_values(self.values))

    def __str__(self) -> str:
        try:
            return self.message("en")
        except (KeyError, IndexError, ValueError):  # a key without an entry, or values that do not fill it
            return self.message_key
