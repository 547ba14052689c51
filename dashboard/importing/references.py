"""What stored records an upload may point at, keyed the way files name them."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dashboard.core.text import code_key, fold
from dashboard.importing.readers import Cell
from dashboard.importing.values import CellError

# Near matches: token order and small typos ("Agence Francaise du Developement") but not other partners.
NEAR_MATCH_SCORE = 88


@dataclass
class References:
    """What stored records an upload may point at, keyed the way files name them."""

    partner_names: dict[str, str]  # folded name -> name as stored
    partner_acronyms: dict[str, str | None]  # folded acronym -> folded name (None when two share it)
    projects: set[str]
    indicators: set[tuple[str, str]]  # (project code, indicator code)
    objectives: set[str]
    partner_aliases: dict[str, str] = field(default_factory=dict)  # folded alias -> folded name of its partner
    _partner_cache: dict[str, str] = field(default_factory=dict)
    _project_keys: dict[str, str] = field(default_factory=dict)
    _indicator_keys: dict[tuple[str, str], str] = field(default_factory=dict)

    def project_code(self, code: str) -> str | None:
        """The stored (or planned) project code that ``code`` writes in any case and spacing ("hunt-1 " →
        "HUNT-1"), or None."""
        if len(self._project_keys) != len(self.projects):  # the set grows as a workbook plans projects
            self._project_keys = {code_key(known): known for known in sorted(self.projects, reverse=True)}
        return self._project_keys.get(code_key(code))

    def indicator_code(self, project: str, code: str) -> str | None:
        """The stored (or planned) code of the project's indicator that ``code`` writes in any case, or None."""
        if len(self._indicator_keys) != len(self.indicators):
            self._indicator_keys = {(known_project, code_key(known)): known
                                    for known_project, known in sorted(self.indicators, reverse=True)}
        return self._indicator_keys.get((project, code_key(code)))

    def partner(self, raw: Cell) -> str:
        """The folded name of the stored partner ``raw`` names (by name, alias or acronym)."""
        text = str(raw)
        cached = self._partner_cache.get(text)
        if cached is not None:
            return cached
        key = fold(text)
        if key in self.partner_names:
            self._partner_cache[text] = key
            return key
        by_alias = self.partner_aliases.get(key)
        if by_alias is not None:
            self._partner_cache[text] = by_alias
            return by_alias
        by_acronym = self.partner_acronyms.get(key)
        if by_acronym:
            self._partner_cache[text] = by_acronym
            return by_acronym
        near = self.near_partners(key)
        if near:
            raise CellError("error.unknown_partner_near", suggestions="; ".join(near))
        raise CellError("error.unknown_partner")

    def near_partners(self, key: str, *, exclude: str | None = None) -> list[str]:
        """Stored names (up to three) of partners whose folded name is close to ``key``; ``exclude`` is the folded
        name of the partner being renamed, which is not its own near duplicate."""
        names = [name for name in self.partner_names if name != exclude]
        matches = process.extract(key, names, scorer=fuzz.token_sort_ratio, limit=3, score_cutoff=NEAR_MATCH_SCORE)
        return [self.partner_names[match[0]] for match in matches]

    def other_names(self, text: str, *, itself: str | None = None) -> str | None:
        """The stored name of another partner that ``text`` names by its name, an alias or its acronym (folded),
        or None. ``itself``: the folded name of the partner the row describes, which may go by its own names."""
        key = fold(text)
        if not key:
            return None
        for holder in (key if key in self.partner_names else None, self.partner_aliases.get(key),
                       self.partner_acronyms.get(key)):
            if holder is not None and holder != itself:
                return self.partner_names.get(holder, holder)
        if key in self.partner_acronyms and self.partner_acronyms[key] is None:
            return text.strip()  # an acronym two stored partners share
        return None

    def add_aliases(self, partner: str, aliases: object) -> None:
        """Note the aliases a row gives ``partner`` (folded name), so later rows of the file see them."""
        for alias in aliases if isinstance(aliases, tuple | list) else ():
            self.partner_aliases[fold(str(alias))] = partner
        self._partner_cache.clear()
