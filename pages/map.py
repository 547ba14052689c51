"""Map: partners and project locations, Pacific-centred, drawn from shapes shipped with the app (works
offline); the records whose coordinates need fixing are listed beside it; a chosen point shows its details."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core.i18n import t
from dashboard.core.permissions import can_open_page
from dashboard.maps.figure import selected_countries, selected_points
from dashboard.maps.labels import COLOUR_KEYS, SHOW_KEYS, point_card, points_table
from dashboard.maps.records import REPORTING_CURRENCY, ColourBy, Placement, Show
from dashboard.maps.view import map_display
from dashboard.presenting import tables
from dashboard.web import context
from dashboard.web.caching import cached_display
from dashboard.web.downloads import download_buttons
from dashboard.web.widgets import empty_state, illustrative_notice

DETAIL_KEY = "map_countries"  # the countries whose points are drawn one by one
WORLD_KEY = "map_world"  # how many times the person went back to the world map (a new chart each time)

ctx = context.page_context("map")
lang = ctx.lang

st.title(t("map.title", lang))
st.caption(t("map.caption", lang, currency=REPORTING_CURRENCY))

show_column, colour_column = st.columns(2)
show = show_column.segmented_control(
    t("map.show", lang),
    list(Show),
    default=Show.both,
    format_func=lambda value: t(SHOW_KEYS[value], lang),
    required=True,
    key="map_show",
)
colour_by = colour_column.segmented_control(
    t("map.colour_by", lang),
    list(ColourBy),
    default=ColourBy.type,
    format_func=lambda value: t(COLOUR_KEYS[value], lang),
    required=True,
    key="map_colour_by",
)

# Budgets to date, as the Budgets page counts them; the colouring and the language only redraw. A large
# portfolio's world map shows one circle per country; the countries chosen there are drawn point by point.
view = cached_display(views.map_view, map_display)(ctx.engine, ctx.filter, dt.date.today(), show=str(show),
                                                   colour_by=str(colour_by), lang=lang,
                                                   countries=tuple(st.session_state.get(DETAIL_KEY, ())))
if view.points.empty and view.problems.empty:
    empty_state(lang, database_empty=ctx.database_empty, detail=t("map.no_points", lang))
    st.stop()

missing_rate = t("map.missing_rate", lang, currency=view.missing_rate) if view.missing_rate else None
if missing_rate:
    st.warning(missing_rate, icon=":material/currency_exchange:")

map_column, side_column = st.columns([3, 1], gap="medium")


@st.fragment
def map_and_choice() -> None:
    """The map and what is chosen on it: choosing points redraws this part alone (a fragment); choosing
    countries on the world map, or going back to it, draws the page again with their points."""
    if view.aggregated:
        st.info(t("map.aggregated", lang, points=view.point_count), icon=":material/public:")
    elif view.countries:
        names = view.points.loc[view.points["country"].fillna("").isin(view.countries), "country_name"]
        shown_names = sorted({name or t("map.country.unknown", lang) for name in names})
        detail_column, back_column = st.columns([3, 1], vertical_alignment="center")
        detail_column.caption(t("map.detail", lang, countries=", ".join(shown_names)))
        if back_column.button(t("map.detail.back", lang), icon=":material/arrow_back:", key="map_back"):
            st.session_state.pop(DETAIL_KEY, None)
            # A fresh world map: the old one's selection would open the same countries again.
            st.session_state[WORLD_KEY] = st.session_state.get(WORLD_KEY, 0) + 1
            st.rerun()
    event = st.plotly_chart(
        view.figure,
        # A new key for the detail: the world map's selection (its circles) is not the detail's.
        key=(f"map_chart_detail_{'_'.join(view.countries)}" if view.countries
             else f"map_chart_{st.session_state.get(WORLD_KEY, 0)}"),
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        theme=None,
        config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["autoScale2d"]},
    )
    selection = event.selection.points if event and event.selection else None
    chosen_countries = selected_countries(selection if view.aggregated else None)
    if chosen_countries:
        st.session_state[DETAIL_KEY] = chosen_countries
        st.rerun()
    placements = view.placements
    st.caption(
        t(
            "map.summary",
            lang,
            points=view.point_count,
            by_coordinates=placements[Placement.coordinates.value],
            by_country=placements[Placement.country.value],
        )
    )
    if view.has_illustrative:
        illustrative_notice(lang)
    show_chosen(selected_points(view.points, selection))


def show_chosen(chosen: pd.DataFrame) -> None:
    """The records behind the points chosen on the map, a card each, with a link to their page."""
    st.subheader(t("map.selected.title", lang))
    if chosen.empty:
        st.caption(t("map.selected.hint", lang))
        return
    MAX_SHOWN = 6
    for point in chosen.head(MAX_SHOWN).to_dict("records"):
        card = point_card(point, lang)
        with st.container(border=True):
            st.markdown(f"**{card.heading}**")
            for line in card.lines:
                st.text(line)
            st.caption(card.placement)
            if can_open_page(ctx.actor, card.link_page):
                st.page_link(f"pages/{card.link_page}.py", label=card.link_label, query_params=card.link_params,
                             icon=card.link_icon)
    if len(chosen) > MAX_SHOWN:
        st.caption(t("map.selected.more", lang, count=len(chosen) - MAX_SHOWN))


with map_column:
    map_and_choice()

with side_column:
    st.subheader(t("map.unplaced.title", lang))
    if view.problems.empty:
        st.success(t("map.unplaced.none", lang), icon=":material/check_circle:")
    else:
        st.warning(
            t("map.unplaced.count", lang, count=len(view.problems)),
            icon=":material/wrong_location:",
        )
        st.dataframe(
            view.problems.drop(columns=["point_id", "kind", "record_id"]),
            hide_index=True,
            height=min(560, 38 + 35 * len(view.problems)),
        )
        download_buttons(
            view.problems.drop(columns=["point_id", "kind", "record_id"]),  # issue 7: every table
            "map_coordinates_to_fix",
            lang,
        )

# -- download ---------------------------------------------------------------------------------------------
st.subheader(t("map.download.title", lang))
download_buttons(partial(points_table, view.points, lang), "map_points", lang,  # built when clicked
                 note=tables.missing_rates_file_note(missing_rate, lang))
