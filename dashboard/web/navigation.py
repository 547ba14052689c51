"""The app's pages: one place that lists them, their titles and who may open them.

``app.py`` builds ``st.navigation`` from ``PAGES``; access rules (``dashboard.core.permissions``) decide which a
signed-in person sees, and each page checks again on the server when it runs.
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


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "overview", "page.overview", ":material/dashboard:", "section.portfolio"),
    PageSpec("pages/partners.py", "partners", "page.partners", ":material/handshake:", "section.portfolio"),
    PageSpec("pages/map.py", "map", "page.map", ":material/public:", "section.portfolio"),
    PageSpec("pages/budgets.py", "budgets", "page.budgets", ":material/account_balance:", "section.portfolio"),
    PageSpec("pages/indicators.py", "indicators", "page.indicators", ":material/monitoring:", "section.portfolio"),
    PageSpec("pages/data_quality.py", "data-quality", "page.data_quality", ":material/rule:", "section.upkeep"),
    PageSpec("pages/upload.py", "upload", "page.upload", ":material/upload_file:", "section.upkeep"),
    PageSpec("pages/users.py", "users", "page.users", ":material/manage_accounts:", "section.upkeep"),
)
