"""The Streamlit glue: page context, caching, the sidebar filters, the sign-in gate, navigation, language, download
buttons.
"""
