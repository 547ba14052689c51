"""Files people download: CSV/xlsx tables with formula injection neutralised, stored records in upload-template
columns.
"""
