"""A small method structure in the essor.methods.schema contract, for the processes tests."""

STRUCTURE = {
    "slug": "methode-test",
    "name": "Méthode de test",
    "description": "Deux phases.",
    "phases": [
        {
            "key": "interne",
            "name": "Dynamique interne",
            "description": "Ateliers avec les directions.",
            "expected_result": "Une vision partagée en interne.",
            "duration_weeks": 8,
        },
        {
            "key": "externe",
            "name": "Dynamique externe",
            "description": "",
            "expected_result": "",
            "duration_weeks": 12,
        },
    ],
    "bodies": [
        {"kind": "steering", "name": "Comité de pilotage", "short_name": "COPIL",
         "mission": "Fixer l'ambition."},
        {"kind": "technical", "name": "Comité technique", "short_name": "COTECH", "mission": ""},
    ],
    "workshops": [
        {"title": "Atelier directions", "phase": "interne", "audience": "departments",
         "objectives": "État des lieux.", "questions": ["Quels freins ?", "Quels leviers ?"],
         "themes": ["alimentation"]},
        {"title": "Atelier libre", "phase": None, "audience": "joint", "objectives": "",
         "questions": [], "themes": []},
    ],
    "deliverables": [
        {"name": "Feuille de route", "phase": "externe", "description": "Le plan d'action."},
    ],
}  # fmt: skip


def make_template(**overrides):
    from essor.methods.models import MethodTemplate

    return MethodTemplate.objects.create(
        slug=overrides.pop("slug", "methode-test"),
        name="Méthode de test",
        structure=overrides.pop("structure", STRUCTURE),
        **overrides,
    )
