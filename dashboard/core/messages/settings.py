"""Settings refused at start (``core.settings.SettingsError``): shown on the app's first page and printed by the
command line."""

MESSAGES = {
    "settings.error.toml": {
        "en": "{path} is not valid TOML ({problem}): correct the file and start again",
        "fr": "{path} n'est pas un fichier TOML valide ({problem}) : corriger le fichier et redémarrer",
    },
    "settings.error.cookie_secret": {
        "en": "the [auth] section of {path} sets up sign-in through an identity provider but has no cookie_secret "
              "of at least {length} characters: without one the sign-in cookie could be forged. Add a long random "
              "value (python -c \"import secrets; print(secrets.token_hex(32))\") and start again",
        "fr": "la section [auth] de {path} configure la connexion par un fournisseur d'identité sans cookie_secret "
              "d'au moins {length} caractères : sans lui, le cookie de connexion pourrait être falsifié. Ajouter une "
              "longue valeur aléatoire (python -c \"import secrets; print(secrets.token_hex(32))\") et redémarrer",
    },
    "settings.error.role_mapping": {
        "en": "{variable} is not valid JSON ({problem}): see docs/ADMIN.md for its shape",
        "fr": "{variable} n'est pas du JSON valide ({problem}) : voir docs/ADMIN.md pour sa forme",
    },
    "settings.error.upload_limit": {
        "en": "maxUploadSize in .streamlit/config.toml must be a positive number of megabytes, not {value!r}",
        "fr": "maxUploadSize dans .streamlit/config.toml doit être un nombre positif de mégaoctets, pas {value!r}",
    },
}
