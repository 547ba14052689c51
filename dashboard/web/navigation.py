"""The app's pages: one place that lists them, their titles and who may open them.

``app.py`` builds ``st.navigation`` from ``PAGES``; access rules (``dashboard.core.permissions``) decide which a
signed-in person sees, and each page checks again on the server when it runs. ``uses_filter`` says whether the
page reads the portfolio filter: only those pages draw it in the sidebar (``web.context.page_context``), since
filters that change nothing on a page (Users, Upload, Data quality) would mislead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # path relative to the project root
    url_path: str
    title_key: str  # message key, see dashboard.core.messages
    icon: str
    section_key: str
    uses_filter: bool = True  # the page reads ``PageContext.filter``, so the sidebar shows the filters


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "overview", "page.overview", ":material/dashboard:", "section.portfolio"),
    PageSpec("pages/partners.py", "partners", "page.partners", ":material/handshake:", "section.portfolio"),
    PageSpec("pages/map.py", "map", "page.map", ":material/public:", "section.portfolio"),
    PageSpec("pages/budgets.py", "budgets", "page.budgets", ":material/account_balance:", "section.portfolio"),
    PageSpec("pages/indicators.py", "indicators", "page.indicators", ":material/monitoring:", "section.portfolio"),
    PageSpec("pages/data_quality.py", "data-quality", "page.data_quality", ":material/rule:", "section.upkeep",
             uses_filter=False),
    PageSpec("pages/upload.py", "upload", "page.upload", ":material/upload_file:", "section.upkeep",
             uses_filter=False),
    PageSpec("pages/users.py", "users", "page.users", ":material/manage_accounts:", "section.upkeep",
             uses_filter=False),
)


def page_spec(url_path: str) -> PageSpec | None:
    """The page served at ``url_path`` (``"users"``), or None for a path that is not one of ``PAGES``."""
    return next((page for page in PAGES if page.url_path == url_path), None)
