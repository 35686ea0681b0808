"""The structured editor of a template: one form for the name, one formset per section.

Workshops and deliverables choose their phase among the phases saved so far
(by key); when a phase's key changes or is derived from its new name, the
references follow. The assembled structure goes through
``validate_structure`` and its error, if any, is shown at the field.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from essor.methods.forms import (
    BodyFormSet,
    DeliverableFormSet,
    PhaseFormSet,
    TemplateMetaForm,
    WorkshopFormSet,
)
from essor.methods.models import MethodTemplate
from essor.methods.schema import TemplateFormatError, derive_key, validate_structure

SECTIONS = ("phases", "bodies", "workshops", "deliverables")


def _with_blank_phase(items: list[dict]) -> list[dict]:
    return [{**item, "phase": item.get("phase") or ""} for item in items]


class TemplateEditor:
    def __init__(self, template: MethodTemplate, data=None):
        self.template = template
        phases = template.phases
        phase_choices = [(phase["key"], phase["name"]) for phase in phases]
        with_phase = {"phase_choices": phase_choices}
        self.meta = TemplateMetaForm(
            data,
            prefix="template",
            initial={"name": template.name, "description": template.description},
        )
        self.formsets = {
            "phases": PhaseFormSet(data, prefix="phases", initial=phases),
            "bodies": BodyFormSet(data, prefix="bodies", initial=template.bodies),
            "workshops": WorkshopFormSet(
                data,
                prefix="workshops",
                initial=_with_blank_phase(template.workshops),
                form_kwargs=with_phase,
            ),
            "deliverables": DeliverableFormSet(
                data,
                prefix="deliverables",
                initial=_with_blank_phase(template.deliverables),
                form_kwargs=with_phase,
            ),
        }
        self.phases, self.bodies, self.workshops, self.deliverables = self.formsets.values()
        self.section_errors: dict[str, list[str]] = {name: [] for name in SECTIONS}
        self.structure: dict | None = None

    def is_valid(self) -> bool:
        valid = self.meta.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        if not valid:
            return False
        forms_by_section, structure = self._assemble()
        if not all(form.is_valid() for forms in forms_by_section.values() for form in forms):
            return False
        try:
            self.structure = validate_structure(structure)
        except TemplateFormatError as exc:
            self._show(exc, forms_by_section)
            return False
        return True

    def _assemble(self):
        phase_forms = self.formsets["phases"].ordered_forms
        explicit = {form.cleaned_data["key"] for form in phase_forms if form.cleaned_data["key"]}
        new_keys, taken = {}, set(explicit)
        phases = []
        for form in phase_forms:
            data = form.cleaned_data
            key = data["key"]
            if not key:
                key = derive_key(data["name"], taken)
                taken.add(key)
            if form.initial.get("key"):
                new_keys[form.initial["key"]] = key
            phases.append(
                {
                    "key": key,
                    "name": data["name"],
                    "description": data["description"],
                    "expected_result": data["expected_result"],
                    "duration_weeks": data["duration_weeks"],
                }
            )
        removed = {form.initial.get("key") for form in self.formsets["phases"].deleted_forms}

        def phase_of(form):
            old = form.cleaned_data["phase"]
            if not old:
                return None
            if old in removed:
                form.add_error(
                    "phase", _("This phase is being removed: choose another phase or none.")
                )
                return None
            return new_keys.get(old)

        forms_by_section = {section: self.formsets[section].ordered_forms for section in SECTIONS}
        structure = {
            "slug": self.template.slug,
            "name": self.meta.cleaned_data["name"],
            "description": self.meta.cleaned_data["description"],
            "phases": phases,
            "bodies": [
                {k: form.cleaned_data[k] for k in ("kind", "name", "short_name", "mission")}
                for form in forms_by_section["bodies"]
            ],
            "workshops": [
                {
                    "title": form.cleaned_data["title"],
                    "phase": phase_of(form),
                    "audience": form.cleaned_data["audience"],
                    "objectives": form.cleaned_data["objectives"],
                    "questions": form.cleaned_data["questions"],
                    "themes": form.cleaned_data["themes"],
                }
                for form in forms_by_section["workshops"]
            ],
            "deliverables": [
                {
                    "name": form.cleaned_data["name"],
                    "phase": phase_of(form),
                    "description": form.cleaned_data["description"],
                }
                for form in forms_by_section["deliverables"]
            ],
        }
        return forms_by_section, structure

    def _show(self, exc: TemplateFormatError, forms_by_section) -> None:
        """Put a validation error next to the field it names."""
        path = exc.path
        if path and path[0] in SECTIONS:
            forms = forms_by_section[path[0]]
            if len(path) >= 2 and isinstance(path[1], int) and path[1] < len(forms):
                form = forms[path[1]]
                field = path[2] if len(path) >= 3 and path[2] in form.fields else None
                form.add_error(field, exc.reason if field else str(exc))
            else:
                self.section_errors[path[0]].append(exc.reason)
        elif len(path) == 1 and path[0] in self.meta.fields:
            self.meta.add_error(path[0], exc.reason)
        else:
            self.meta.add_error(None, str(exc))
