"""What the generated portfolios draw from: places, exchange rates, themes, project and organisation names.
Fixed lists, so two builds with the same seed are identical."""

from __future__ import annotations

from dashboard.seed.demo_partners import DEMO_RATES

# ---------------------------------------------------------------------------------------------------------
# Places: (city, country ISO alpha-3, latitude, longitude), grouped by where the portfolio works
# ---------------------------------------------------------------------------------------------------------

PACIFIC_PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Suva", "FJI", -18.1416, 178.4419), ("Nadi", "FJI", -17.7765, 177.4356), ("Lautoka", "FJI", -17.6242, 177.4528),
    ("Labasa", "FJI", -16.4167, 179.3833), ("Taveuni", "FJI", -16.8500, -179.9667),
    ("Nouméa", "NCL", -22.2758, 166.4580), ("Koné", "NCL", -21.0595, 164.8658), ("Lifou", "NCL", -20.9167, 167.2333),
    ("Papeete", "PYF", -17.5516, -149.5585), ("Uturoa", "PYF", -16.7333, -151.4333),
    ("Port-Vila", "VUT", -17.7333, 168.3273), ("Luganville", "VUT", -15.5333, 167.1667),
    ("Apia", "WSM", -13.8333, -171.7500), ("Nuku'alofa", "TON", -21.1394, -175.2049),
    ("Neiafu", "TON", -18.6500, -173.9833), ("Honiara", "SLB", -9.4333, 159.9500), ("Gizo", "SLB", -8.1030, 156.8419),
    ("Port Moresby", "PNG", -9.4438, 147.1803), ("Lae", "PNG", -6.7333, 147.0000), ("Madang", "PNG", -5.2246, 145.7966),
    ("South Tarawa", "KIR", 1.3290, 172.9790), ("Kiritimati", "KIR", 1.8721, -157.4278),
    ("Funafuti", "TUV", -8.5211, 179.1983), ("Majuro", "MHL", 7.0897, 171.3803), ("Palikir", "FSM", 6.9248, 158.1610),
    ("Koror", "PLW", 7.3419, 134.4792), ("Yaren", "NRU", -0.5477, 166.9209), ("Alofi", "NIU", -19.0595, -169.9187),
    ("Avarua", "COK", -21.2075, -159.7750), ("Mata-Utu", "WLF", -13.2825, -176.1736),
    ("Hagåtña", "GUM", 13.4745, 144.7504), ("Pago Pago", "ASM", -14.2756, -170.7020),
)
OCEANIA_PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Wellington", "NZL", -41.2865, 174.7762), ("Auckland", "NZL", -36.8485, 174.7633),
    ("Canberra", "AUS", -35.2809, 149.1300), ("Sydney", "AUS", -33.8688, 151.2093),
    ("Brisbane", "AUS", -27.4698, 153.0251),
)
FRANCE_PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Paris", "FRA", 48.8566, 2.3522), ("Lyon", "FRA", 45.7640, 4.8357), ("Marseille", "FRA", 43.2965, 5.3698),
    ("Bordeaux", "FRA", 44.8378, -0.5792), ("Toulouse", "FRA", 43.6047, 1.4442), ("Nantes", "FRA", 47.2184, -1.5536),
    ("Lille", "FRA", 50.6292, 3.0573), ("Rennes", "FRA", 48.1173, -1.6778), ("Montpellier", "FRA", 43.6108, 3.8767),
    ("Strasbourg", "FRA", 48.5734, 7.7521), ("Grenoble", "FRA", 45.1885, 5.7245), ("Dijon", "FRA", 47.3220, 5.0415),
    ("Angers", "FRA", 47.4784, -0.5632), ("Chambéry", "FRA", 45.5646, 5.9178), ("Valence", "FRA", 44.9334, 4.8924),
    ("Saint-Denis", "REU", -20.8823, 55.4504), ("Mamoudzou", "MYT", -12.7806, 45.2279),
)
AFRICA_PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Dakar", "SEN", 14.7167, -17.4677), ("Saint-Louis", "SEN", 16.0179, -16.4896),
    ("Ziguinchor", "SEN", 12.5681, -16.2719), ("Thiès", "SEN", 14.7910, -16.9359), ("Bamako", "MLI", 12.6392, -8.0029),
    ("Kayes", "MLI", 14.4469, -11.4445), ("Ouagadougou", "BFA", 12.3714, -1.5197),
    ("Bobo-Dioulasso", "BFA", 11.1771, -4.2979), ("Niamey", "NER", 13.5116, 2.1254),
    ("Abidjan", "CIV", 5.3600, -4.0083),
    ("Cotonou", "BEN", 6.3703, 2.3912), ("Lomé", "TGO", 6.1725, 1.2314), ("Douala", "CMR", 4.0511, 9.7679),
    ("Yaoundé", "CMR", 3.8480, 11.5021), ("Antananarivo", "MDG", -18.8792, 47.5079), ("Rabat", "MAR", 34.0209, -6.8416),
    ("Marrakech", "MAR", 31.6295, -7.9811), ("Agadir", "MAR", 30.4278, -9.5981), ("Tunis", "TUN", 36.8065, 10.1815),
    ("Nouakchott", "MRT", 18.0735, -15.9582), ("Libreville", "GAB", 0.4162, 9.4673),
    ("Brazzaville", "COG", -4.2634, 15.2429), ("Conakry", "GIN", 9.6412, -13.5784),
)
# Where partners are based: Pacific islands first, then France and French-speaking Africa.
PLACE_GROUPS: tuple[tuple[float, tuple[tuple[str, str, float, float], ...]], ...] = (
    (0.42, PACIFIC_PLACES), (0.08, OCEANIA_PLACES), (0.25, FRANCE_PLACES), (0.25, AFRICA_PLACES),
)

# Euros per unit around the generation date; monthly rates drift a little around these.
RATES: dict[str, float] = {
    **{currency: eur_per_unit for currency, (eur_per_unit, _source) in DEMO_RATES.items()},
    "XOF": 1 / 655.957,  # fixed parity of the CFA franc (West African partners of the large portfolio)
}
FIXED_PARITIES = {"XPF", "XOF"}
PACIFIC_CURRENCIES = {"NCL": "XPF", "PYF": "XPF", "WLF": "XPF", "FJI": "FJD", "WSM": "WST", "TON": "TOP",
                      "VUT": "VUV", "AUS": "AUD", "NZL": "NZD"}
WEST_AFRICAN_CFA = {"SEN", "MLI", "BFA", "NER", "CIV", "BEN", "TGO"}

THEMES: tuple[str, ...] = (
    "Changement climatique", "Biodiversité", "Gestion des déchets", "Océans et pêche", "Eau et assainissement",
    "Sécurité alimentaire", "Agro-écologie", "Santé", "Éducation", "Jeunesse", "Insertion professionnelle",
    "Femmes", "Gouvernance locale", "Renforcement institutionnel", "Développement économique local",
    "Tourisme durable", "Énergies renouvelables", "Gestion intégrée des zones côtières", "Migrations",
    "Cohésion sociale",
)
THEME_SDGS: dict[str, tuple[int, ...]] = {
    "Changement climatique": (13, 7), "Biodiversité": (15, 14), "Gestion des déchets": (12, 11),
    "Océans et pêche": (14, 2), "Eau et assainissement": (6, 3), "Sécurité alimentaire": (2, 1),
    "Agro-écologie": (2, 15), "Santé": (3,), "Éducation": (4,), "Jeunesse": (4, 8), "Insertion professionnelle": (8, 4),
    "Femmes": (5, 10), "Gouvernance locale": (16, 11), "Renforcement institutionnel": (16, 17),
    "Développement économique local": (8, 9), "Tourisme durable": (8, 12), "Énergies renouvelables": (7, 13),
    "Gestion intégrée des zones côtières": (14, 13), "Migrations": (10, 16), "Cohésion sociale": (10, 16),
}
PROJECT_VERBS = ("Appui à", "Renforcement de", "Programme régional pour", "Projet pilote de", "Initiative pour",
                 "Accompagnement de", "Coopération en faveur de")
BUDGET_CATEGORIES = ("Personnel", "Activités", "Équipement", "Fonctionnement", "Déplacements", "Évaluation")
REVIEWERS = ("Partnerships officer", "Programme manager", "Resource mobilisation adviser", "PRRG secretariat",
             "Chargée de mission coopération", "Direction des relations internationales")

ORG_TYPE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("ngo", 0.28), ("local_authority", 0.15), ("national_government", 0.10), ("community", 0.10),
    ("academic", 0.08), ("private_sector", 0.10), ("foundation", 0.05), ("multilateral", 0.04),
    ("bilateral_agency", 0.05), ("regional_organisation", 0.05),
)
FUNDER_TYPES = ("bilateral_agency", "multilateral", "foundation", "local_authority", "national_government",
                "regional_organisation")
IMPLEMENTER_TYPES = ("ngo", "community", "academic", "local_authority", "private_sector", "national_government")
ORG_NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    "ngo": ("Association {topic} de {city}", "{topic_cap} sans frontières {city}", "Réseau {topic} {country}",
            "Collectif {topic} — {city}"),
    "local_authority": ("Commune de {city}", "Ville de {city}", "Communauté d'agglomération de {city}",
                        "Conseil provincial de {city}"),
    "national_government": ("Ministère {topic} ({country})", "Direction nationale {topic} ({country})",
                            "Agence nationale {topic} ({country})"),
    "community": ("Groupement villageois de {city}", "Coopérative des femmes de {city}",
                  "Comité de quartier de {city}"),
    "academic": ("Université de {city}", "Institut de recherche {topic} de {city}", "Lycée agricole de {city}"),
    "private_sector": ("{city} Consultants", "Société d'études {topic} de {city}", "Chambre de commerce de {city}"),
    "foundation": ("Fondation {topic} de {city}", "Fonds {topic} pour le Pacifique", "Fondation {city} Solidarité"),
    "multilateral": ("Programme multilatéral {topic}", "Fonds mondial {topic}", "Facilité {topic} ({city} office)"),
    "bilateral_agency": ("Agence de coopération {topic} ({country})", "Ambassade — fonds {topic} ({city})"),
    "regional_organisation": ("Secrétariat régional {topic}", "Commission régionale {topic} ({city})",
                              "Centre régional {topic} de {city}"),
}
ORG_TOPICS = ("de l'environnement", "de la pêche", "de l'eau", "de la santé", "de l'éducation", "de l'agriculture",
              "du climat", "de la jeunesse", "des océans", "du développement rural", "de l'énergie", "des femmes",
              "de la biodiversité", "du tourisme", "de la culture")
