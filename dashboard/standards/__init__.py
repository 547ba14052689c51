"""The field's standard files (issue 14): iati/ (shipped XSD 2.03 and codelists with source and version, reader,
writer) and scdl/ (shipped schema.json, reader). Empty until then.
"""
