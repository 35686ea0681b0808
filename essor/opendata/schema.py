"""The tables of an open data package and their Table Schema (Frictionless Data).

Titles and descriptions are written in French here, not through gettext: they are the
published data dictionary of a French open data set (data.gouv.fr), the same whatever the
language of whoever generates it, like the State's vocabulary of action statuses below.

Identifiers are stable, never bare database ids: a process is ``<workspace>-<id>``
("banc-12"); axes, actions and indicators are their ``lineage`` uuid (the same in every
version of the plan); meetings their calendar ``uid``; themes ``<process>-<letter>``;
decisions ``<process>-D<number>``; territories ``<kind>:<code>`` ("commune:86194").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from essor.followup import fiches_action


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime, year
    title: str
    description: str
    required: bool = False

    def descriptor(self) -> dict:
        found = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.required:
            found["constraints"] = {"required": True}
        return found


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    # (fields, referenced table, referenced fields); "" references this very table.
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def headers(self) -> list[str]:
        return [f.name for f in self.fields]

    def schema(self) -> dict:
        return {
            "fields": [f.descriptor() for f in self.fields],
            "primaryKey": self.primary_key,
            "foreignKeys": [
                {"fields": own, "reference": {"resource": table, "fields": theirs}}
                for own, table, theirs in self.foreign_keys
            ],
            "missingValues": [""],
        }


# The vocabulary of the State's shared hub of local action sheets ("fiches action").
FICHE_ACTION_STATUSES = fiches_action.VOCABULARY

PROCESS = Field("process_id", "string", "Démarche", "Identifiant de la démarche.", True)
TO_PROCESS = (["process_id"], "processes", ["id"])

TABLES = [
    Table(
        "processes",
        "Démarches",
        "Les démarches de co-construction publiées.",
        [
            Field(
                "id",
                "string",
                "Identifiant",
                "Identifiant stable : identifiant de l'espace, tiret, numéro.",
                True,
            ),
            Field("title", "string", "Titre", "Titre de la démarche.", True),
            Field(
                "publisher",
                "string",
                "Éditeur",
                "Espace (collectivité, structure) qui porte la démarche et publie les données.",
            ),
            Field(
                "status", "string", "Statut", "Code du statut : draft, ongoing, follow_up, closed."
            ),
            Field("status_label", "string", "Libellé du statut", "Statut en français."),
            Field("start_date", "date", "Début", "Date de début de la démarche."),
            Field("end_date", "date", "Fin", "Date de fin prévue de la démarche."),
            Field("ambition", "string", "Ambition politique", "Ambition politique, en texte."),
            Field(
                "plan",
                "string",
                "Feuille de route",
                "Nom de la dernière version validée "
                "de la feuille de route (vide si aucune ou si elle n'est pas publique).",
            ),
            Field(
                "plan_validated_on", "date", "Validée le", "Date de validation de cette version."
            ),
            Field(
                "council_vote_date",
                "date",
                "Vote de l'assemblée",
                "Date du vote de l'assemblée délibérante.",
            ),
            Field("licence", "string", "Licence", "Licence des données de la démarche."),
            Field("url", "string", "Adresse", "Page publique de la feuille de route."),
        ],
        ["id"],
    ),  # fmt: skip
    Table(
        "territories",
        "Territoires",
        "Les territoires de chaque démarche, avec leurs codes "
        "officiels (code INSEE, SIREN des EPCI).",
        [
            PROCESS,
            Field(
                "territory_id",
                "string",
                "Territoire",
                "Identifiant : nature, deux-points, code (commune:86194).",
                True,
            ),
            Field("kind", "string", "Nature", "commune, epci, departement, region ou pays."),
            Field("name", "string", "Nom", "Nom du territoire.", True),
            Field(
                "insee_code",
                "string",
                "Code INSEE",
                "Code officiel géographique des communes, départements et régions.",
            ),
            Field("siren", "string", "SIREN", "Numéro SIREN des EPCI."),
            Field("population", "integer", "Population", "Population municipale connue."),
        ],
        ["process_id", "territory_id"],
        [TO_PROCESS],
    ),  # fmt: skip
    Table(
        "axes",
        "Axes",
        "Les axes (et sous-axes) de la feuille de route validée.",
        [
            Field(
                "id",
                "string",
                "Identifiant",
                "Identifiant stable (uuid, le même dans "
                "toutes les versions de la feuille de route).",
                True,
            ),
            PROCESS,
            Field("parent_id", "string", "Axe parent", "Axe dont c'est un sous-axe."),
            Field("number", "string", "Numéro", "Numéro ou lettre de l'axe."),
            Field("title", "string", "Titre", "Titre de l'axe.", True),
            Field("vision", "string", "Vision", "Vision de l'axe."),
            Field("order", "integer", "Ordre", "Rang d'affichage."),
        ],
        ["id"],
        [TO_PROCESS, (["parent_id"], "", ["id"])],
    ),  # fmt: skip
    Table(
        "actions",
        "Actions",
        "Les actions publiques de la feuille de route validée et où en est leur mise en œuvre.",
        [
            Field(
                "id",
                "string",
                "Identifiant",
                "Identifiant stable (uuid, le même dans "
                "toutes les versions de la feuille de route).",
                True,
            ),
            PROCESS,
            Field("axis_id", "string", "Axe", "Axe de l'action."),
            Field("order", "integer", "Ordre", "Rang d'affichage."),
            Field("title", "string", "Titre", "Titre de l'action.", True),
            Field("description", "string", "Description", "Description de l'action."),
            Field("objectives", "string", "Objectifs", "Objectifs de l'action."),
            Field("expected_effects", "string", "Effets attendus", "Effets attendus."),
            Field(
                "decision",
                "string",
                "Décision",
                "Code de la décision sur l'action : "
                "retained, in_progress, done, paused, abandoned.",
            ),
            Field("decision_label", "string", "Libellé de la décision", "Décision en français."),
            Field("start_date", "date", "Début", "Début prévu."),
            Field("end_date", "date", "Fin", "Fin prévue."),
            Field("pilots", "string", "Pilotes", "Structures pilotes, séparées par « ; »."),
            Field(
                "pilot_sirens",
                "string",
                "SIREN des pilotes",
                "SIREN connus des structures pilotes, séparés par « ; ».",
            ),
            Field(
                "implementation_status",
                "string",
                "Avancement",
                "Code de l'état de mise "
                "en œuvre : not_started, in_progress, done, paused, blocked, abandoned.",
            ),
            Field(
                "implementation_status_label",
                "string",
                "Libellé de l'avancement",
                "État de mise en œuvre en français.",
            ),
            Field(
                "fiche_action_status",
                "string",
                "Statut « fiches action »",
                "État dans le vocabulaire partagé des fiches action de l'État : "
                + ", ".join(FICHE_ACTION_STATUSES)
                + ".",
            ),
            Field(
                "late", "boolean", "En retard", "true si l'action est en retard sur son calendrier."
            ),
            Field("progress", "integer", "Avancement (%)", "Pourcentage de réalisation déclaré."),
            Field("public_note", "string", "Note publique", "Dernière note d'avancement publiée."),
            Field("public_note_date", "date", "Date de la note", "Date de cette note."),
            Field(
                "planned_budget",
                "number",
                "Budget prévu (€)",
                "Budget prévu sur le mandat, si la collectivité publie les budgets.",
            ),
            Field(
                "spent",
                "number",
                "Dépensé (€)",
                "Dépenses déclarées à ce jour, si la collectivité publie les budgets.",
            ),
        ],
        ["id"],
        [TO_PROCESS, (["axis_id"], "axes", ["id"])],
    ),  # fmt: skip
    Table(
        "indicators",
        "Indicateurs",
        "Les indicateurs des actions publiques.",
        [
            Field("id", "string", "Identifiant", "Identifiant stable (uuid).", True),
            PROCESS,
            Field("action_id", "string", "Action", "Action suivie par l'indicateur.", True),
            Field("name", "string", "Indicateur", "Nom de l'indicateur.", True),
            Field("unit", "string", "Unité", "Unité de mesure."),
            Field(
                "direction",
                "string",
                "Sens",
                "up : plus c'est haut, mieux c'est ; down : plus c'est bas, mieux c'est.",
            ),
            Field("baseline", "number", "Valeur de départ", "Valeur de référence."),
            Field("baseline_year", "year", "Année de départ", "Année de la valeur de départ."),
            Field("target", "number", "Cible", "Valeur visée."),
            Field("target_year", "year", "Année cible", "Année de la cible."),
            Field("source", "string", "Source", "Source des valeurs."),
        ],
        ["id"],
        [TO_PROCESS, (["action_id"], "actions", ["id"])],
    ),  # fmt: skip
    Table(
        "indicator_values",
        "Valeurs des indicateurs",
        "La valeur en vigueur de chaque "
        "indicateur, année par année (la dernière saisie de l'année).",
        [
            Field("indicator_id", "string", "Indicateur", "Identifiant de l'indicateur.", True),
            PROCESS,
            Field("year", "year", "Année", "Année mesurée.", True),
            Field("value", "number", "Valeur", "Valeur de l'indicateur.", True),
            Field("kind", "string", "Nature", "result (résultat) ou estimate (estimation)."),
        ],
        ["indicator_id", "year"],
        [TO_PROCESS, (["indicator_id"], "indicators", ["id"])],
    ),  # fmt: skip
    Table(
        "meetings",
        "Rencontres publiques",
        "Les rencontres ouvertes au public.",
        [
            Field("id", "string", "Identifiant", "Identifiant stable (uid du calendrier).", True),
            PROCESS,
            Field("kind", "string", "Nature", "Code de la nature de la rencontre."),
            Field("kind_label", "string", "Libellé de la nature", "Nature en français."),
            Field("title", "string", "Titre", "Titre de la rencontre.", True),
            Field("starts_at", "datetime", "Début", "Début (UTC).", True),
            Field("ends_at", "datetime", "Fin", "Fin (UTC)."),
            Field("place", "string", "Lieu", "Lieu de la rencontre."),
            Field("description", "string", "Description", "Présentation de la rencontre."),
        ],
        ["id"],
        [TO_PROCESS],
    ),  # fmt: skip
    Table(
        "themes",
        "Ce qui a été entendu",
        "Les thèmes de la synthèse des contributions, avec "
        "leur résumé et leur nombre de contributions.",
        [
            Field("id", "string", "Identifiant", "Démarche, tiret, lettre du thème.", True),
            PROCESS,
            Field("letter", "string", "Lettre", "Lettre du thème."),
            Field("title", "string", "Titre", "Titre du thème.", True),
            Field("summary", "string", "Résumé", "Résumé de ce qui a été dit."),
            Field(
                "contribution_count",
                "integer",
                "Contributions",
                "Nombre de contributions rangées dans le thème.",
            ),
        ],
        ["id"],
        [TO_PROCESS],
    ),  # fmt: skip
    Table(
        "decisions",
        "Décisions",
        "Les décisions des instances de gouvernance rendues publiques.",
        [
            Field("id", "string", "Identifiant", "Démarche, « -D », numéro de la décision.", True),
            PROCESS,
            Field("body", "string", "Instance", "Instance qui a décidé."),
            Field("decided_on", "date", "Date", "Date de la décision.", True),
            Field("summary", "string", "Décision", "Ce qui a été décidé.", True),
            Field("outcome", "string", "Issue", "Code : validated, to_rework, rejected, noted."),
            Field("outcome_label", "string", "Libellé de l'issue", "Issue en français."),
            Field("subject", "string", "Objet", "Ce sur quoi porte la décision."),
        ],
        ["id"],
        [TO_PROCESS],
    ),  # fmt: skip
]
TABLE_BY_NAME = {table.name: table for table in TABLES}
