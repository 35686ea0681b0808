"""Small template structures shared by the methods tests."""

from __future__ import annotations

import copy

MINIMAL = {
    "slug": "ma-methode",
    "name": "Ma méthode",
    "phases": [{"key": "p1", "name": "Diagnostic"}],
}

FULL = {
    "slug": "methode-test",
    "name": "Méthode de test",
    "description": "Une méthode\nsur deux lignes.",
    "phases": [
        {"key": "diag", "name": "Diagnostic", "duration_weeks": 8,
         "expected_result": "Un portrait partagé."},
        {"key": "plan", "name": "Plan d’action", "description": "Rédiger : « oui » ou non ?"},
    ],
    "bodies": [
        {"kind": "steering", "name": "Comité de pilotage", "short_name": "COPIL",
         "mission": "Décider."},
    ],
    "workshops": [
        {"title": "Atelier 1 : état des lieux", "phase": "diag", "audience": "departments",
         "questions": ["Quelles actions ?", "yes", "2030"], "themes": ["mobilité"]},
        {"title": "Atelier libre", "audience": "joint"},
    ],
    "deliverables": [{"name": "Note de diagnostic", "phase": "diag"}, {"name": "Annexe"}],
}  # fmt: skip


def structure(**changes) -> dict:
    """A deep copy of FULL with top-level keys replaced."""
    return copy.deepcopy(FULL) | changes


def editor_post(template, **changes) -> dict:
    """The POST data the edit page sends unchanged, with ``changes`` (field name -> value)."""
    from essor.methods.editor import TemplateEditor

    editor = TemplateEditor(template)
    data = {}
    for form in [editor.meta, *(f for fs in editor.formsets.values() for f in fs)]:
        for field in form:
            value = field.field.prepare_value(field.value())
            if value not in (None, False):
                data[field.html_name] = "" if value is True else value
    for formset in editor.formsets.values():
        for field in formset.management_form:
            data[field.html_name] = field.value()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
