"""Generated IATI activity files for the import benchmark and the tests: deterministic (a fixed seed gives the
same bytes), valid IATI 2.03, shaped like a large publisher's file (several currencies, budgets by year,
transactions of the common types, bilingual titles, places, sectors, results with numeric and text values).

``generate(activities=5000)`` gives about 50 MB: roughly 10 kB per activity, as in the registry's big files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from dashboard.standards.iati import model as m
from dashboard.standards.iati.writer import write_activities

PUBLISHER = m.ReportingOrg("XM-EXAMPLE-1", "40", (m.Narrative("Example Regional Programme", "en"),
                                                  m.Narrative("Programme régional exemple", "fr")))
CURRENCIES = ("EUR", "USD", "XPF", "FJD", "AUD", "NZD")
COUNTRIES = ("FJ", "WS", "TO", "VU", "SB", "PG", "KI", "TV", "NR", "NC", "PF", "WF", "CK", "NU", "FM", "MH", "PW")
TRANSACTIONS_PER_ACTIVITY = 9
TRANSACTION_TYPES = ("1", "2", "3", "3", "3", "4", "4", "4", "11")


def _partners(rng: random.Random, count: int) -> list[m.OrgRef]:
    types = ("10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "80", "90")
    return [m.OrgRef(f"XM-PARTNER-{index:05d}", rng.choice(types),
                     (m.Narrative(f"Partner organisation {index}", "en"),)) for index in range(count)]


def activities(count: int = 5000, *, seed: int = 14) -> Iterator[m.Activity]:
    """``count`` activities, the same for the same seed."""
    rng = random.Random(seed)
    partners = _partners(rng, max(50, count // 5))
    for index in range(count):
        currency = CURRENCIES[index % len(CURRENCIES)]
        start = dt.date(2018 + index % 6, 1 + index % 12, 1)
        years = 3 + index % 3
        end = dt.date(start.year + years, start.month, 1) - dt.timedelta(days=1)
        funder, implementer = rng.choice(partners), rng.choice(partners)
        budgets = tuple(
            m.Budget(m.BUDGET_ORIGINAL, m.BUDGET_COMMITTED, dt.date(start.year + year, 1, 1),
                     dt.date(start.year + year, 12, 31),
                     m.Money(Decimal(rng.randrange(50_000, 2_000_000)), currency, start))
            for year in range(years))
        revised: tuple[m.Budget, ...] = ()
        if index % 7 == 0:
            first = budgets[0]
            revised = (m.Budget(m.BUDGET_REVISED, m.BUDGET_COMMITTED, first.period_start, first.period_end,
                                m.Money(first.value.amount * Decimal("1.1"), currency, first.period_start)),)
        transactions = []
        for number in range(TRANSACTIONS_PER_ACTIVITY):
            kind = TRANSACTION_TYPES[number % len(TRANSACTION_TYPES)]
            day = start + dt.timedelta(days=(number * 37) % (years * 365))
            provider = funder if kind in ("1", "11") else PUBLISHER
            receiver = PUBLISHER if kind in ("1", "11") else implementer
            transactions.append(m.Transaction(
                kind, day, m.Money(Decimal(rng.randrange(1_000, 90_000_00)) / 100, currency, day),
                f"TX-{index:05d}-{number:03d}", (m.Narrative(f"Payment {number} of activity {index}", "en"),),
                m.OrgRef(provider.ref, provider.type, provider.name),
                m.OrgRef(receiver.ref, receiver.type, receiver.name)))
        countries = rng.sample(COUNTRIES, 1 + index % 3)
        share = (Decimal(100) / len(countries)).quantize(Decimal("0.01"))
        shares = [share] * (len(countries) - 1) + [Decimal(100) - share * (len(countries) - 1)]
        indicator = m.ResultIndicator(
            "1", (m.Narrative(f"People trained ({index})", "en"), m.Narrative(f"Personnes formées ({index})", "fr")),
            baselines=(m.Baseline(start.year, start, "0"),),
            periods=tuple(m.ResultPeriod(dt.date(start.year + year, 1, 1), dt.date(start.year + year, 12, 31),
                                         (m.PeriodValue(str(100 * (year + 1))),),
                                         (m.PeriodValue(str(rng.randrange(50, 150) * (year + 1))),))
                          for year in range(years)))
        qualitative = m.ResultIndicator(
            "5", (m.Narrative("Policy adopted", "en"), m.Narrative("Politique adoptée", "fr")),
            periods=(m.ResultPeriod(start, end, (m.PeriodValue("Adopted"),), (m.PeriodValue("In progress"),)),))
        yield m.Activity(
            identifier=f"XM-EXAMPLE-1-{index:05d}",
            reporting_org=PUBLISHER,
            title=(m.Narrative(f"Coastal resilience project {index}", "en"),
                   m.Narrative(f"Projet de résilience côtière {index}", "fr")),
            descriptions=(m.Description("1", (
                m.Narrative(" ".join([f"Generated activity {index} for the import benchmark."] * 2), "en"),
                m.Narrative(" ".join([f"Activité générée {index} pour la mesure des imports."] * 2), "fr"))),),
            status="2",
            dates=(m.ActivityDate(m.DATE_PLANNED_START, start), m.ActivityDate(m.DATE_PLANNED_END, end)),
            participating_orgs=(
                m.ParticipatingOrg(funder.ref, funder.type, funder.name, None, "1"),
                m.ParticipatingOrg(PUBLISHER.ref, PUBLISHER.type, PUBLISHER.name, None, "2"),
                m.ParticipatingOrg(implementer.ref, implementer.type, implementer.name, None, "4")),
            recipient_countries=tuple(m.RecipientCountry(code, value) for code, value in zip(countries, shares,
                                                                                                strict=True)),
            locations=(m.Location(f"LOC-{index}", (m.Narrative(f"Site {index}", "en"),), (), (("G1", str(index)),),
                                  Decimal(-18) + Decimal(index % 100) / 10, Decimal(178) - Decimal(index % 50) / 10,
                                  "2"),),
            sectors=(m.Sector("41010", percentage=Decimal(60)), m.Sector("74020", percentage=Decimal(40))),
            budgets=budgets + revised,
            planned_disbursements=(m.PlannedDisbursement(None, start, None, m.Money(Decimal(10000), currency, start)),),
            transactions=tuple(transactions),
            results=(m.Result("1", (m.Narrative("Capacities strengthened", "en"),
                                    m.Narrative("Capacités renforcées", "fr")), indicators=(indicator, qualitative)),),
            default_currency=currency,
            default_lang="en",
        )


def generate(count: int = 5000, *, seed: int = 14) -> bytes:
    """An IATI 2.03 file of ``count`` generated activities (about 10 kB each)."""
    return write_activities(activities(count, seed=seed))
