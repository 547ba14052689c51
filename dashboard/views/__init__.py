"""One view model per page (stage 2 of issue 12): ``views.<page>(engine, filter, as_of)`` returns a frozen
dataclass of everything the page shows, called alike by the page, the briefing, ``figures --json`` and both
benchmarks. Empty until then.
"""
