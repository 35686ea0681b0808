"""Use cases of method templates (each in a transaction, with an audit entry)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.methods.models import MethodTemplate
from essor.methods.schema import (
    SLUG_MAX,
    TemplateFormatError,
    derive_slug,
    parse_template_file,
    validate_structure,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
# Path segments of the app's URLs, never used as identifiers.
RESERVED_SLUGS = {"importer"}


class BuiltinTemplateReadOnly(Exception):
    """Built-in templates are not edited in place: duplicate them to adapt them."""


class BuiltinFileError(ValueError):
    """A file of the data folder that cannot be loaded (message names the file)."""


def builtin_slugs(directory: Path = DATA_DIR) -> set[str]:
    """Identifiers of the shipped templates (a file is named after its identifier)."""
    return {path.stem for path in directory.glob("*.yaml")}


def unique_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not used nor reserved."""
    reserved = RESERVED_SLUGS | builtin_slugs()
    slug, number = base, 2
    while slug in reserved or MethodTemplate.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


def _apply(template: MethodTemplate, structure: dict) -> None:
    structure["slug"] = template.slug
    template.name = structure["name"]
    template.description = structure["description"]
    template.structure = structure


def may_replace(user, template: MethodTemplate) -> bool:
    """Whether an import by ``user`` may overwrite ``template`` (``None``: command line)."""
    if template.is_builtin:
        return False
    from essor.methods.permissions import can

    return user is None or can(user, "methods.change_template", template)


@transaction.atomic
def import_template(
    data: bytes | str | dict, *, user, replace: bool = False, workspace=None
) -> MethodTemplate:
    """Create a template from a file's content (or a structure dict), owned by
    ``workspace`` (None: shared by every workspace).

    The whole file is validated first (``TemplateFormatError``). When its
    identifier is taken, the new template gets ``-2``, ``-3``... unless
    ``replace`` is asked and ``user`` may edit the existing template, which is
    then overwritten.
    """
    if isinstance(data, dict):
        structure = validate_structure(data)
    else:
        structure = parse_template_file(data)
    existing = MethodTemplate.objects.select_for_update().filter(slug=structure["slug"]).first()
    if replace and existing is not None and may_replace(user, existing):
        template, verb = existing, "method_template.replaced"
    else:
        template = MethodTemplate(
            slug=unique_slug(structure["slug"]),
            created_by=user if user is not None and user.is_authenticated else None,
            workspace=workspace,
        )
        verb = "method_template.imported"
    _apply(template, structure)
    template.save()
    log_action(user, verb, template, slug=template.slug)
    return template


@transaction.atomic
def duplicate_template(
    template: MethodTemplate, *, user, name: str | None = None, workspace=None
) -> MethodTemplate:
    """A copy that ``user`` owns and may edit ("Copie de ..." unless ``name`` is given),
    kept in ``workspace`` (None: shared)."""
    name = (name or "").strip() or _("Copy of %(name)s") % {"name": template.name}
    name = name[:200]
    structure = validate_structure({**copy.deepcopy(template.structure), "name": name})
    copy_ = MethodTemplate(
        slug=unique_slug(derive_slug(name)),
        created_by=user if user is not None and user.is_authenticated else None,
        workspace=workspace,
    )
    _apply(copy_, structure)
    copy_.save()
    log_action(user, "method_template.duplicated", copy_, source=template.slug)
    return copy_


@transaction.atomic
def save_structure(template: MethodTemplate, structure: dict, *, user) -> MethodTemplate:
    """Replace the content of a (non built-in) template; its identifier is kept."""
    if template.is_builtin:
        raise BuiltinTemplateReadOnly
    structure = validate_structure({**structure, "slug": template.slug})
    _apply(template, structure)
    template.save()
    log_action(user, "method_template.updated", template)
    return template


@transaction.atomic
def delete_template(template: MethodTemplate, *, user) -> None:
    """Delete a template; processes created from it keep their content (SET_NULL)."""
    if template.is_builtin:
        raise BuiltinTemplateReadOnly
    log_action(
        user,
        "method_template.deleted",
        template,
        slug=template.slug,
        processes=template.processes.count(),
    )
    template.delete()


@dataclass
class LoadResult:
    template: MethodTemplate
    action: str  # "created", "updated" or "unchanged"


def read_builtin_files(directory: Path = DATA_DIR) -> list[dict]:
    """Every template file of ``directory``, all validated before anything is written."""
    structures = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            structure = parse_template_file(path.read_bytes())
        except TemplateFormatError as exc:
            raise BuiltinFileError(
                _("%(file)s: %(error)s") % {"file": path.name, "error": exc}
            ) from None
        if structure["slug"] != path.stem:
            raise BuiltinFileError(
                _("%(file)s: the identifier (slug) must be the file name, “%(stem)s”")
                % {"file": path.name, "stem": path.stem}
            )
        structures.append(structure)
    return structures


@transaction.atomic
def load_builtin_templates(directory: Path = DATA_DIR) -> list[LoadResult]:
    """Create or update the built-in templates from the data folder (idempotent)."""
    results = []
    for structure in read_builtin_files(directory):
        template = MethodTemplate.objects.filter(slug=structure["slug"]).first()
        if template is not None and not template.is_builtin:
            raise BuiltinFileError(
                _(
                    "the identifier “%(slug)s” is already used by a template that is not "
                    "built-in: rename that template first"
                )
                % {"slug": structure["slug"]}
            )
        if template is None:
            template, action = MethodTemplate(slug=structure["slug"], is_builtin=True), "created"
        elif (template.structure, template.name, template.description) == (
            structure,
            structure["name"],
            structure["description"],
        ):
            results.append(LoadResult(template, "unchanged"))
            continue
        else:
            action = "updated"
        _apply(template, structure)
        template.save()
        log_action(None, f"method_template.builtin_{action}", template)
        results.append(LoadResult(template, action))
    return results
