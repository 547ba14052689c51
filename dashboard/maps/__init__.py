"""The map: shapes and coordinate checks (geo), records read from the database, placement, the figure and the
page's view.
"""
