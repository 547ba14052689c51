"""People: user accounts and roles, password and identity-provider sign-in, sign-in lifetime, the remembered
language.
"""
