"""Strings of the Partners page: partner table, partner detail, partnership reviews and the gap analysis."""

MESSAGES: dict[str, dict[str, str]] = {
    # Review principles (partner engagement strategy, seed 002)
    "principle.strategic_contribution": {
        "en": "Contributes to the strategic objectives",
        "fr": "Contribue aux objectifs stratégiques",
    },
    "principle.collaboration": {
        "en": "Works with other relevant initiatives",
        "fr": "Collabore avec les autres initiatives pertinentes",
    },
    "principle.shared_values": {"en": "Founded on shared values", "fr": "Fondé sur des valeurs partagées"},
    "principle.added_value": {
        "en": "Adds value to our programmes",
        "fr": "Apporte une valeur ajoutée à nos programmes",
    },
    "principle.mutual_results": {
        "en": "Mutually beneficial results measured by indicators",
        "fr": "Résultats profitables aux deux parties, mesurés par des indicateurs",
    },
    "principle.gender_inclusion": {
        "en": "Gender and social inclusion",
        "fr": "Égalité femmes-hommes et inclusion sociale",
    },
    # Review validation
    "review.error.unknown_partner": {
        "en": "Partner {id} does not exist (it may have been removed); reload the page.",
        "fr": "Le partenaire {id} n'existe pas (il a peut-être été supprimé) ; rechargez la page.",
    },
    "review.error.future_date": {
        "en": "The review date is in the future; enter the date the review took place.",
        "fr": "La date de revue est dans le futur ; indiquez la date à laquelle la revue a eu lieu.",
    },
    "review.error.reviewer_missing": {
        "en": "Enter who carried out the review.",
        "fr": "Indiquez qui a mené la revue.",
    },
    "review.error.too_long": {
        "en": "A text is too long: at most {max} characters.",
        "fr": "Un texte est trop long : {max} caractères au plus.",
    },
    "review.error.unknown_principle": {
        "en": "Unknown principle(s): {names}.",
        "fr": "Principe(s) inconnu(s) : {names}.",
    },
    "review.error.rating_range": {
        "en": "Ratings run from 1 (poor) to 5 (excellent); {value} is not allowed.",
        "fr": "Les notes vont de 1 (insuffisant) à 5 (excellent) ; {value} n'est pas permis.",
    },
    "review.error.no_rating": {
        "en": "Rate the partnership against at least one principle.",
        "fr": "Notez le partenariat sur au moins un principe.",
    },
    "review.error.decision": {
        "en": "Choose a decision: continue, renew, change or close ({value} is not one).",
        "fr": "Choisissez une décision : poursuivre, renouveler, modifier ou clore ({value} n'en est pas une).",
    },
    "review.error.next_before_review": {
        "en": "The next review date must come after the review date.",
        "fr": "La date de la prochaine revue doit suivre la date de la revue.",
    },
    "review.error.note_empty": {
        "en": "The note is empty; write what the next review should consider.",
        "fr": "La note est vide ; écrivez ce que la prochaine revue devra examiner.",
    },
}
