"""What stored records an upload may point at, keyed the way files name them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dashboard.core.text import NEAR_NAME_SCORE, code_key, fold, near_names
from dashboard.importing.readers import Cell
from dashboard.importing.values import CellError

# Near matches: token order and small typos ("Agence Francaise du Developement") but not other partners
# (``core.text.near_names``, the Partners page's search too).
NEAR_MATCH_SCORE = NEAR_NAME_SCORE
# Up to this many comparisons (new names × names to compare with), a file's new names are each compared with
# every name (exact); beyond, only inside blocks (``queries.data_quality.near_duplicate_pairs``), so a million
# names take seconds instead of hours.
EXACT_COMPARISONS = 20_000_000
NEAR_SHOWN = 3


def near_in_file(new_names: list[str], stored: dict[str, str]) -> dict[int, list[str]]:
    """For each position of ``new_names`` (folded names of a file's new partners, in file order), the folded
    names it is very close to (token_sort_ratio ≥ NEAR_MATCH_SCORE), best first: stored partners (``stored``:
    folded name -> name) and names earlier in the file. Positions with none are left out.

    Small files against a small list: every pair scored. Otherwise: scored only inside blocks of names sharing
    the first letters of a rare word (the data-quality rule's blocking), so the work grows with the block
    sizes, not with the square of the list; a typo in the first letters of both rare words of a name can
    escape it (the Data quality page lists near-duplicate partners stored since)."""
    found: dict[int, list[tuple[float, str]]] = {}
    if len(new_names) * (len(stored) + len(new_names)) <= EXACT_COMPARISONS:
        every = list(stored)
        for position, name in enumerate(new_names):
            for match, score, _index in process.extract(name, every, scorer=fuzz.token_sort_ratio, limit=NEAR_SHOWN,
                                                        score_cutoff=NEAR_MATCH_SCORE):
                found.setdefault(position, []).append((score, match))
            earlier = new_names[:position]
            if earlier:
                for match, score, _index in process.extract(name, earlier, scorer=fuzz.token_sort_ratio,
                                                            limit=NEAR_SHOWN, score_cutoff=NEAR_MATCH_SCORE):
                    found.setdefault(position, []).append((score, match))
    else:
        from dashboard.queries.data_quality import near_duplicate_pairs  # deferred: pandas and the page rules

        stored_names = list(stored)
        offset = len(stored_names)
        keyed = [*enumerate(stored_names), *((offset + position, name) for position, name in enumerate(new_names))]
        for first, second, score in near_duplicate_pairs(keyed, cutoff=NEAR_MATCH_SCORE):
            if second < offset:
                continue  # two stored partners: not this upload's business
            later = second - offset
            other = stored_names[first] if first < offset else new_names[first - offset]
            found.setdefault(later, []).append((score, other))  # first < second: stored, or earlier in the file
    return {position: [name for _score, name in sorted(matches, key=lambda item: -item[0])]
            for position, matches in found.items()}


_PARENTHESES = re.compile(r"\(([^()]*)\)")


def name_variants(name: str) -> list[str]:
    """The names a partner's name holds: itself, itself without what its parentheses say, and each name they
    hold ("Pacific Community (SPC / CPS)" → the whole, "Pacific Community", "SPC", "CPS")."""
    inside = [part.strip() for group in _PARENTHESES.findall(name) for part in re.split(r"[/,;]", group)]
    outside = _PARENTHESES.sub(" ", name).strip()
    return list(dict.fromkeys(item for item in (name, outside, *inside) if item))


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
        return [self.partner_names[match] for match, _score in near_names(key, names, limit=3)]

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
