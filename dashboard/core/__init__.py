"""The bottom layer: models, database access, settings, metrics, currency, text, regions, permissions, the
translation catalogue (i18n + messages/) and the values-to-date rule. Imports nothing else of dashboard.
"""
