"""Strings of the map page (``pages/map.py``) and of ``dashboard.maps``."""

MESSAGES: dict[str, dict[str, str]] = {
    "map.title": {"en": "Where partners and projects are", "fr": "Où sont les partenaires et les projets"},
    "map.caption": {
        "en": "Marker area grows with the budget (projects) or the funding pledged (partners), in {currency}. "
        "Records without coordinates are placed at the centre of their country. Drag to move, scroll to zoom; "
        "click a point for its details.",
        "fr": "La surface des marqueurs croît avec le budget (projets) ou le financement promis (partenaires), "
        "en {currency}. Les fiches sans coordonnées sont placées au centre de leur pays. Glisser pour déplacer, "
        "molette pour zoomer ; cliquer sur un point pour son détail.",
    },
    "map.show": {"en": "Show", "fr": "Afficher"},
    "map.show.both": {"en": "Partners and projects", "fr": "Partenaires et projets"},
    "map.show.partners": {"en": "Partners", "fr": "Partenaires"},
    "map.show.projects": {"en": "Projects", "fr": "Projets"},
    "map.colour_by": {"en": "Colour by", "fr": "Couleur selon"},
    "map.colour.type": {"en": "Type", "fr": "Type"},
    "map.colour.status": {"en": "Status", "fr": "Statut"},
    "map.summary": {
        "en": "{points} points on the map: {by_coordinates} by their coordinates, {by_country} at their "
        "country's centre.",
        "fr": "{points} points sur la carte : {by_coordinates} selon leurs coordonnées, {by_country} au centre "
        "de leur pays.",
    },
    "map.no_points": {
        "en": "No partner or project of this selection can be placed on the map.",
        "fr": "Aucun partenaire ni projet de cette sélection ne peut être placé sur la carte.",
    },
    "map.missing_rate": {
        "en": "No exchange rate is stored for {currency}: budget lines in it are left out of the projects' "
        "budgets (a project with no other budget has the smallest marker). Upload the rate with the 'rates' "
        "template.",
        "fr": "Aucun taux de change n'est enregistré pour {currency} : les lignes budgétaires dans cette devise "
        "sont exclues des budgets des projets (un projet sans autre budget a le plus petit marqueur). Importer "
        "le taux avec le modèle « taux ».",
    },
    "map.unplaced.title": {"en": "Coordinates to fix", "fr": "Coordonnées à corriger"},
    "map.unplaced.none": {
        "en": "No record has missing or impossible coordinates.",
        "fr": "Aucune fiche n'a de coordonnées manquantes ou impossibles.",
    },
    "map.unplaced.count": {
        "en": "{count} records have coordinates that cannot be used. They are listed here, never dropped; "
        "those with a country are shown at its centre.",
        "fr": "{count} fiches ont des coordonnées inutilisables. Elles sont listées ici, jamais écartées ; "
        "celles qui ont un pays sont placées en son centre.",
    },
    "map.selected.title": {"en": "Selected on the map", "fr": "Sélection sur la carte"},
    "map.selected.hint": {
        "en": "Click a point (or draw a box around several) to see its details here.",
        "fr": "Cliquer sur un point (ou encadrer plusieurs points) pour voir leur détail ici.",
    },
    "map.selected.more": {
        "en": "{count} more selected points are not shown; zoom in to pick fewer.",
        "fr": "{count} autres points sélectionnés ne sont pas affichés ; zoomer pour en choisir moins.",
    },
    "map.selected.open_partner": {"en": "Open the partner's page", "fr": "Ouvrir la fiche du partenaire"},
    "map.selected.open_budget": {"en": "Open the project's budget", "fr": "Ouvrir le budget du projet"},
    "map.download.title": {"en": "Points on the map", "fr": "Points de la carte"},
    "map.legend.kind_status": {"en": "{kind}: {status}", "fr": "{kind} : {status}"},
    "map.legend.countries": {
        "en": "One circle per country ({count}), sized by its points: select circles to see each point",
        "fr": "Un cercle par pays ({count}), selon son nombre de points : sélectionner des cercles pour voir "
        "chaque point",
    },
    "map.country.points": {
        "en": "{partners} partners · {projects} project locations",
        "fr": "{partners} partenaires · {projects} lieux de projet",
    },
    "map.country.budget": {"en": "Project budgets here: {amount}", "fr": "Budgets des projets ici : {amount}"},
    "map.country.contributions": {
        "en": "Funding pledged by these partners: {amount}",
        "fr": "Financement promis par ces partenaires : {amount}",
    },
    "map.country.more_groups": {"en": "… and {count} more groups", "fr": "… et {count} autres groupes"},
    "map.country.hint": {"en": "Click to see each point", "fr": "Cliquer pour voir chaque point"},
    "map.country.unknown": {"en": "No country", "fr": "Sans pays"},
    "map.aggregated": {
        "en": "{points} points are too many to read one by one on the world map: each circle is a country "
        "(hover for what it holds). Click a circle, or draw a box or lasso around several, to see their points "
        "one by one. Every point is in the download below.",
        "fr": "{points} points, c'est trop pour les lire un à un sur la carte du monde : chaque cercle est un "
        "pays (survoler pour son contenu). Cliquer sur un cercle, ou en encadrer plusieurs, pour voir leurs "
        "points un à un. Chaque point figure dans le téléchargement ci-dessous.",
    },
    "map.detail": {
        "en": "Each point of: {countries}.",
        "fr": "Chaque point de : {countries}.",
    },
    "map.detail.back": {"en": "World map", "fr": "Carte du monde"},
    "map.axis.east": {"en": "E", "fr": "E"},
    "map.axis.west": {"en": "W", "fr": "O"},
    "map.axis.north": {"en": "N", "fr": "N"},
    "map.axis.south": {"en": "S", "fr": "S"},
    "map.kind.partner": {"en": "Partner", "fr": "Partenaire"},
    "map.kind.project": {"en": "Project", "fr": "Projet"},
    "map.hover.lead": {"en": "Lead: {lead}", "fr": "Chef de file : {lead}"},
    "map.hover.contribution": {"en": "Funding pledged: {amount}", "fr": "Financement promis : {amount}"},
    "map.hover.budget": {"en": "Project budget: {amount}", "fr": "Budget du projet : {amount}"},
    "map.hover.share": {"en": "({amount} at this place)", "fr": "({amount} en ce lieu)"},
    "map.hover.placed_by_country": {
        "en": "Placed at the country's centre (no usable coordinates)",
        "fr": "Placé au centre du pays (pas de coordonnées utilisables)",
    },
    "map.column.kind": {"en": "Kind", "fr": "Nature"},
    "map.column.name": {"en": "Name", "fr": "Nom"},
    "map.column.code": {"en": "Code / acronym", "fr": "Code / sigle"},
    "map.column.place": {"en": "Place", "fr": "Lieu"},
    "map.column.country": {"en": "Country", "fr": "Pays"},
    "map.column.type": {"en": "Type", "fr": "Type"},
    "map.column.status": {"en": "Status", "fr": "Statut"},
    "map.column.role": {"en": "Role", "fr": "Rôle"},
    "map.column.budget": {"en": "Budget ({currency})", "fr": "Budget ({currency})"},
    "map.column.latitude": {"en": "Latitude", "fr": "Latitude"},
    "map.column.longitude": {"en": "Longitude", "fr": "Longitude"},
    "map.column.problem": {"en": "Problem", "fr": "Problème"},
    "map.column.placement": {"en": "On the map", "fr": "Sur la carte"},
    "map.column.illustrative": {"en": "Illustrative", "fr": "Illustratif"},
    "map.placement.coordinates": {"en": "At its coordinates", "fr": "À ses coordonnées"},
    "map.placement.country": {"en": "At the country's centre", "fr": "Au centre du pays"},
    "map.placement.none": {"en": "Not shown (no known country)", "fr": "Non affiché (pays inconnu)"},
    "map.problem.missing": {"en": "No coordinates.", "fr": "Pas de coordonnées."},
    "map.problem.not_a_number": {
        "en": "Coordinates are not numbers.",
        "fr": "Les coordonnées ne sont pas des nombres.",
    },
    "map.problem.latitude_out_of_range": {
        "en": "Latitude outside −90…90.",
        "fr": "Latitude hors de −90…90.",
    },
    "map.problem.longitude_out_of_range": {
        "en": "Longitude outside −180…180.",
        "fr": "Longitude hors de −180…180.",
    },
    "map.problem.null_island": {
        "en": "Coordinates 0, 0 (a blank read as zero).",
        "fr": "Coordonnées 0, 0 (une case vide lue comme zéro).",
    },
    "map.problem.outside_country": {
        "en": "The point lies outside the record's country.",
        "fr": "Le point est hors du pays de la fiche.",
    },
    "map.hint.swapped": {
        "en": "Latitude and longitude look swapped.",
        "fr": "Latitude et longitude semblent inversées.",
    },
    "map.hint.longitude_sign": {
        "en": "East and west look mixed up (sign of the longitude).",
        "fr": "Est et ouest semblent confondus (signe de la longitude).",
    },
    "map.hint.latitude_sign": {
        "en": "North and south look mixed up (sign of the latitude).",
        "fr": "Nord et sud semblent confondus (signe de la latitude).",
    },
}
