"""Users (administrators): every account with its roles and sign-in state, and unlocking an account that failed
sign-ins hold back (issue 16). Changing accounts and roles stays on the command line (docs/ADMIN.md)."""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.core.text import escape_markdown
from dashboard.presenting.accounts import COLUMN_WIDTHS, accounts_table, needs_unlocking
from dashboard.views import upkeep
from dashboard.web import context
from dashboard.web.downloads import download_buttons

ctx = context.page_context("users")
lang = ctx.lang
_DONE_KEY = "users_unlocked"

st.title(t("users.title", lang))
st.caption(t("users.intro", lang))
if st.session_state.get(_DONE_KEY):
    st.success(t("users.unlock.done", lang, username=escape_markdown(st.session_state.pop(_DONE_KEY))),
               icon=":material/lock_open:")

accounts = upkeep.accounts(ctx.engine, now=utcnow())
table = accounts_table(accounts, lang)
# Fixed widths: the whole table shows at a 1 400 px window, whatever the rows hold (no sideways scrolling).
st.dataframe(table, hide_index=True, width="stretch", column_config={
    t(key, lang): st.column_config.Column(width=width) for key, width in COLUMN_WIDTHS.items()})
download_buttons(table, t("users.title", lang).lower(), lang)

st.subheader(t("users.unlock.title", lang))
waiting = needs_unlocking(accounts)
if not waiting:
    st.caption(t("users.unlock.none", lang))
else:
    chosen = st.selectbox(t("users.unlock.choose", lang), waiting, key="users_unlock_choice")
    if st.button(t("users.unlock.button", lang), icon=":material/lock_open:", type="primary", key="users_unlock"):
        upkeep.unlock_account(ctx.engine, username=chosen, by=ctx.actor.username, now=utcnow())
        st.session_state[_DONE_KEY] = chosen
        st.rerun()
