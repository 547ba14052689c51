"""The interface language each person picked, kept on their account so it follows them across sessions.

Rules: the language is stored when the person picks it while signed in (or, if they picked it on the sign-in
screen, when they sign in); at sign-in a stored language is applied unless they just picked one. Without an
account (nobody signed in yet) the ``?lang=`` URL parameter keeps the choice. No Streamlit here; the glue is
in ``dashboard/web/language.py``.
"""

from __future__ import annotations

from sqlmodel import Session, select

from dashboard.core.i18n import LANGUAGES, normalise_language
from dashboard.core.models import User


def preferred_language(session: Session, username: str) -> str | None:
    """The language stored for ``username``, or None when none was ever picked (or the account is gone)."""
    stored = session.exec(select(User.language).where(User.username == username)).first()
    return stored if stored in LANGUAGES else None


def remember_language(session: Session, username: str, lang: str) -> bool:
    """Store ``lang`` for ``username``; False when there is no such account (nothing is written then).

    Not a portfolio change, so the data revision is left alone: bumping it would empty every page cache for
    a preference no cached query reads.
    """
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        return False
    lang = normalise_language(lang)
    if user.language != lang:
        user.language = lang
        session.add(user)
    return True
