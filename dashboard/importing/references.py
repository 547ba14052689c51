"""What stored records an upload may point at, keyed the way files name them."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dashboard.core.text import fold
from dashboard.importing.readers import Cell
from dashboard.importing.values import CellError

# Near matches: token order and small typos ("Agence Francaise du Developement") but not other partners.
NEAR_MATCH_SCORE = 88
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


@dataclass
class References:
    """What stored records an upload may point at, keyed the way files name them."""

    partner_names: dict[str, str]  # folded name -> name as stored
    partner_acronyms: dict[str, str | None]  # folded acronym -> folded name (None when two share it)
    projects: set[str]
    indicators: set[tuple[str, str]]  # (project code, indicator code)
    objectives: set[str]
    _partner_cache: dict[str, str] = field(default_factory=dict)

    def partner(self, raw: Cell) -> str:
        """The folded name of the stored partner ``raw`` names (by name or acronym)."""
        text = str(raw)
        cached = self._partner_cache.get(text)
        if cached is not None:
            return cached
        key = fold(text)
        if key in self.partner_names:
            self._partner_cache[text] = key
            return key
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
