"""Refusals of account requests (``accounts.users.AccountError``): the command line prints them in English, the
sign-in screen in the reader's language."""

MESSAGES = {
    "account.error.username": {
        "en": "username {username!r} is not allowed: use 1 to 120 letters, digits or . _ @ + -, starting with a "
              "letter or digit",
        "fr": "le nom d'utilisateur {username!r} n'est pas accepté : 1 à 120 lettres, chiffres ou . _ @ + -, en "
              "commençant par une lettre ou un chiffre",
    },
    "account.error.unknown_roles": {
        "en": "unknown role(s) {roles}: choose among {known}",
        "fr": "rôle(s) inconnu(s) {roles} : choisir parmi {known}",
    },
    "account.error.password_short": {
        "en": "the password is too short: use at least {length} characters",
        "fr": "le mot de passe est trop court : au moins {length} caractères",
    },
    "account.error.password_long": {
        "en": "the password is too long: use at most {length} characters",
        "fr": "le mot de passe est trop long : au plus {length} caractères",
    },
    "account.error.no_role": {
        "en": "give the account at least one role",
        "fr": "donner au compte au moins un rôle",
    },
    "account.error.no_role_left": {
        "en": "give the account at least one role (to stop someone signing in, disable the account)",
        "fr": "donner au compte au moins un rôle (pour empêcher une personne de se connecter, désactiver le compte)",
    },
    "account.error.exists": {
        "en": "an account named {username!r} already exists: use set-roles to change its roles",
        "fr": "un compte nommé {username!r} existe déjà : utiliser set-roles pour changer ses rôles",
    },
    "account.error.not_email": {
        "en": "{email!r} is not an e-mail address",
        "fr": "{email!r} n'est pas une adresse électronique",
    },
    "account.error.email_taken": {
        "en": "another account already uses the e-mail address {email!r}",
        "fr": "un autre compte utilise déjà l'adresse électronique {email!r}",
    },
    "account.error.not_found": {
        "en": "no account named {username!r}: see `user list`",
        "fr": "aucun compte nommé {username!r} : voir `user list`",
    },
    "account.error.mapping_table": {
        "en": "role mapping: [{section}] must be a table of name = [roles]",
        "fr": "correspondance des rôles : [{section}] doit être une table nom = [rôles]",
    },
    "account.error.mapping_entry": {
        "en": "role mapping [{section}] {name!r}: {problem}",
        "fr": "correspondance des rôles [{section}] {name!r} : {problem}",
    },
    "account.error.mapping_json": {
        "en": "{variable} is not valid JSON: {problem}",
        "fr": "{variable} n'est pas du JSON valide : {problem}",
    },
    "account.error.password_stdin": {
        "en": "no password on standard input",
        "fr": "aucun mot de passe sur l'entrée standard",
    },
    "account.error.no_terminal": {
        "en": "no terminal to ask for the password: pipe it in with --password-stdin",
        "fr": "aucun terminal pour demander le mot de passe : le transmettre avec --password-stdin",
    },
    "account.error.passwords_differ": {
        "en": "the two passwords differ",
        "fr": "les deux mots de passe diffèrent",
    },
}
