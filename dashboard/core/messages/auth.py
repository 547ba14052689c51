"""Strings of the sign-in screen and the account box in the sidebar."""

MESSAGES: dict[str, dict[str, str]] = {
    "auth.title": {"en": "Sign in", "fr": "Connexion"},
    "auth.intro": {
        "en": "Budgets and partner assessments are not public: sign in with the account your administrator "
        "gave you.",
        "fr": "Les budgets et les évaluations des partenaires ne sont pas publics : connectez-vous avec le "
        "compte que votre administrateur vous a donné.",
    },
    "auth.no_account_yet": {
        "en": "No account exists yet. An administrator creates the first one on the server with "
        "`python -m dashboard user add NAME --role admin`.",
        "fr": "Aucun compte n'existe encore. Un administrateur crée le premier sur le serveur avec "
        "`python -m dashboard user add NOM --role admin`.",
    },
    "auth.username": {"en": "Username", "fr": "Identifiant"},
    "auth.password": {"en": "Password", "fr": "Mot de passe"},
    "auth.submit": {"en": "Sign in", "fr": "Se connecter"},
    "auth.missing_fields": {
        "en": "Enter both your username and your password.",
        "fr": "Saisissez votre identifiant et votre mot de passe.",
    },
    "auth.wrong_credentials": {
        "en": "Unknown username or wrong password. After 5 failed attempts in a row from this device, it must "
        "wait a while before trying again.",
        "fr": "Identifiant inconnu ou mot de passe erroné. Après 5 échecs de suite depuis cet appareil, il faut "
        "attendre un moment avant de réessayer.",
    },
    "auth.locked": {
        "en": "Too many failed attempts from this device: try again after {time} UTC, or ask an administrator "
        "to unlock the account (Users page).",
        "fr": "Trop de tentatives échouées depuis cet appareil : réessayez après {time} UTC, ou demandez à un "
        "administrateur de déverrouiller le compte (page Utilisateurs).",
    },
    "auth.database_unavailable": {
        "en": "Your sign-in could not be checked: the database did not answer (it may be busy with a large "
        "upload). Try again in a moment; if it keeps happening, tell an administrator.",
        "fr": "Votre connexion n'a pas pu être vérifiée : la base de données n'a pas répondu (elle est peut-être "
        "occupée par un gros import). Réessayez dans un instant ; si cela se répète, prévenez un administrateur.",
    },
    "auth.identity_config": {
        "en": "The identity-provider roles are not configured correctly. An administrator must fix the secrets "
        "(see docs/ADMIN.md).",
        "fr": "Les rôles du fournisseur d'identité sont mal configurés. Un administrateur doit corriger les "
        "secrets (voir docs/ADMIN.md).",
    },
    "auth.database_busy": {
        "en": "The database is busy with a long write (an upload or an undo) and could not record your sign-in; "
        "you are not signed in yet. Wait a minute, then sign in again.",
        "fr": "La base de données est occupée par une longue écriture (un import ou une annulation) et n'a pas pu "
        "enregistrer votre connexion ; vous n'êtes pas encore connecté. Attendez une minute, puis reconnectez-vous.",
    },
    "auth.database_full": {
        "en": "The disk holding the database is full, so your sign-in could not be recorded. Tell the "
        "administrator: space must be freed on the database's disk.",
        "fr": "Le disque de la base de données est plein, votre connexion n'a pas pu être enregistrée. Prévenez "
        "l'administrateur : il faut libérer de la place sur le disque de la base.",
    },
    "auth.database_failed": {
        "en": "The database refused to record your sign-in. Try again in a moment; if it fails again, give the "
        "administrator the time of the attempt.",
        "fr": "La base de données a refusé d'enregistrer votre connexion. Réessayez dans un instant ; si cela "
        "échoue encore, donnez à l'administrateur l'heure de l'essai.",
    },
    "auth.disabled": {
        "en": "This account is disabled. Ask an administrator if you still need access.",
        "fr": "Ce compte est désactivé. Demandez à un administrateur si vous avez encore besoin d'un accès.",
    },
    "auth.no_role": {
        "en": "Your identity is known, but no role in this dashboard is given to it. Ask an administrator to "
        "add you.",
        "fr": "Votre identité est reconnue, mais aucun rôle dans ce tableau de bord ne lui est attribué. "
        "Demandez à un administrateur de vous ajouter.",
    },
    "auth.expired": {
        "en": "Your session has ended (8 hours without activity, or 12 hours in all, or your account changed). "
        "Please sign in again.",
        "fr": "Votre session a pris fin (8 heures sans activité, 12 heures au total, ou votre compte a changé). "
        "Veuillez vous reconnecter.",
    },
    "auth.signed_out": {"en": "You are signed out.", "fr": "Vous êtes déconnecté."},
    "auth.organisation_sign_in": {
        "en": "Sign in with your organisation",
        "fr": "Se connecter avec votre organisation",
    },
    "auth.organisation_sign_in_named": {
        "en": "Sign in with {provider}",
        "fr": "Se connecter avec {provider}",
    },
    "auth.organisation_help": {
        "en": "You will be sent to your organisation's sign-in page, then brought back here.",
        "fr": "Vous serez redirigé vers la page de connexion de votre organisation, puis ramené ici.",
    },
    "auth.local_accounts": {
        "en": "Or sign in with a dashboard account",
        "fr": "Ou connectez-vous avec un compte du tableau de bord",
    },
    "auth.organisation_continue": {
        "en": "Continue with your organisation account",
        "fr": "Continuer avec le compte de votre organisation",
    },
    "auth.organisation_sign_out": {
        "en": "Sign out of the organisation account",
        "fr": "Se déconnecter du compte de l'organisation",
    },
    "auth.config_error": {
        "en": "The sign-in configuration is wrong: {error}. An administrator must fix the secrets "
        "(see docs/ADMIN.md).",
        "fr": "La configuration de la connexion est erronée : {error}. Un administrateur doit corriger les "
        "secrets (voir docs/ADMIN.md).",
    },
    "auth.go_to_sign_in": {"en": "Go to the sign-in page", "fr": "Aller à la page de connexion"},
    "auth.signed_in_as": {"en": "Signed in as {username}", "fr": "Connecté en tant que {username}"},
    "auth.roles_label": {"en": "Roles: {roles}", "fr": "Rôles : {roles}"},
    "auth.sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "auth.role.leadership": {"en": "Leadership", "fr": "Direction"},
    "auth.role.reference_group": {"en": "Reference group", "fr": "Groupe de référence"},
    "auth.role.staff": {"en": "Staff", "fr": "Équipe"},
    "auth.role.admin": {"en": "Administrator", "fr": "Administrateur"},
}
