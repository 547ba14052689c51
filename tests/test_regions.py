from dashboard.core.regions import REGIONS, countries_in_regions, country_name, is_valid_country, region_of


def test_every_pacific_island_state_and_territory_is_in_a_pacific_subregion() -> None:
    pacific = {"FJI", "KIR", "WSM", "TON", "PYF", "NCL", "WLF", "PCN", "VUT", "SLB", "PNG", "TUV", "NRU", "MHL",
               "FSM", "PLW", "COK", "NIU", "TKL", "ASM", "GUM", "MNP"}
    assert pacific <= REGIONS["PACIFIC"]
    assert region_of("PYF") == "POLYNESIA" and region_of("NCL") == "MELANESIA" and region_of("KIR") == "MICRONESIA"
    assert all(is_valid_country(code) for code in REGIONS["PACIFIC"])


def test_region_codes_are_valid_iso_and_unique() -> None:
    seen: dict[str, str] = {}
    for region, members in REGIONS.items():
        if region == "PACIFIC":
            continue
        for code in members:
            assert code == "XKX" or is_valid_country(code), code
            assert code not in seen, f"{code} in {seen.get(code)} and {region}"
            seen[code] = region


def test_country_names_by_language() -> None:
    assert country_name("PYF", "fr") == "Polynésie française"
    assert country_name("PYF", "en") == "French Polynesia"
    assert country_name("ZZZ", "en") == "ZZZ"
    # A partner without a country, as a pandas column hands it over (the Partners page crashed on it).
    assert country_name(float("nan"), "en") == "" and country_name(None, "fr") == ""
    assert "SEN" in countries_in_regions(["AFRICA"])
