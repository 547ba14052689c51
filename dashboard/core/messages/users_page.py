"""Strings of the Users page (administrators: accounts, sign-in state, unlocking)."""

MESSAGES: dict[str, dict[str, str]] = {
    "users.title": {"en": "Users", "fr": "Utilisateurs"},
    "users.intro": {
        "en": "Accounts, their roles and how they sign in. A device that fails to sign in 5 times in a row for "
        "an account waits before its next try (1 minute, doubling up to 1 hour); other devices are not held "
        "back. Unlock an account to let every device try again at once. Accounts and roles are changed with "
        "`python -m dashboard user …` (docs/ADMIN.md).",
        "fr": "Les comptes, leurs rôles et leur mode de connexion. Un appareil qui échoue 5 fois de suite à se "
        "connecter à un compte attend avant de réessayer (1 minute, doublée jusqu'à 1 heure) ; les autres "
        "appareils ne sont pas retenus. Déverrouillez un compte pour que tous les appareils puissent réessayer "
        "aussitôt. Les comptes et les rôles se modifient avec `python -m dashboard user …` (docs/ADMIN.md).",
    },
    "users.column.username": {"en": "Username", "fr": "Identifiant"},
    "users.column.roles": {"en": "Roles", "fr": "Rôles"},
    "users.column.account": {"en": "Account", "fr": "Compte"},
    "users.column.failures": {"en": "Failures in a row", "fr": "Échecs de suite"},
    "users.column.until": {"en": "Waiting until (UTC)", "fr": "Attente jusqu'à (UTC)"},
    "users.column.sessions": {"en": "Sessions", "fr": "Sessions"},
    "users.column.last_login": {"en": "Last sign-in (UTC)", "fr": "Dernière connexion (UTC)"},
    "users.waiting": {"en": "{until} · {count} devices", "fr": "{until} · {count} appareils"},  # until: 10:15
    "users.waiting.one": {"en": "{until} · {count} device", "fr": "{until} · {count} appareil"},
    "users.status.active": {"en": "active", "fr": "actif"},
    "users.status.disabled": {"en": "disabled", "fr": "désactivé"},
    "users.method.password": {"en": "password", "fr": "mot de passe"},
    "users.method.identity_provider": {"en": "organisation account", "fr": "compte de l'organisation"},
    "users.unlock.title": {"en": "Unlock an account", "fr": "Déverrouiller un compte"},
    "users.unlock.choose": {"en": "Account to unlock", "fr": "Compte à déverrouiller"},
    "users.unlock.button": {"en": "Unlock", "fr": "Déverrouiller"},
    "users.unlock.none": {
        "en": "No account has failed sign-ins waiting: there is nothing to unlock.",
        "fr": "Aucun compte n'a d'échecs de connexion en attente : rien à déverrouiller.",
    },
    "users.unlock.done": {
        "en": "{username} is unlocked: every device may sign in again now.",
        "fr": "{username} est déverrouillé : tous les appareils peuvent à nouveau se connecter.",
    },
}
