"""The method template file format (``format: essor-method/1``), see README.md.

``parse_template_file`` reads a YAML file, ``validate_structure`` checks a dict
and returns it complete (every optional key with its default, so readers can
index without ``.get()``), ``dump_template_file`` writes it back. Errors are
``TemplateFormatError`` naming the faulty key path, e.g.
``phases[2].name : ce champ est obligatoire``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from essor.bodies.models import BodyKind
from essor.core.text import fold
from essor.methods import yamlio
from essor.processes.models import WorkshopTemplate

FORMAT = "essor-method/1"
MAX_FILE_BYTES = 512 * 1024
SLUG_MAX = 80
KEY_MAX = 50
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_WEEKS = 520

BODY_KINDS = tuple(BodyKind.values)
AUDIENCES = tuple(WorkshopTemplate.Audience.values)

Path = tuple  # ("phases", 2, "name")


def format_path(path: Path) -> str:
    """("phases", 2, "name") -> "phases[2].name"; the empty path is the file itself."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("file")


class TemplateFormatError(ValueError):
    """A template file or structure that does not follow the format.

    ``path`` is the faulty key path as a tuple, ``reason`` the message without
    the path (shown next to a form field); ``str(error)`` has both.
    """

    def __init__(self, path: Path, reason: str):
        self.path = tuple(path)
        self.reason = reason
        super().__init__(_("%(path)s: %(reason)s") % {"path": format_path(path), "reason": reason})


def _type_name(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("a yes/no value")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a set of keys")
    if isinstance(value, dt.date | dt.datetime):
        return _("a date")
    return _("a value of another kind")


def _wrong_type(path: Path, expected: str, value: Any) -> TemplateFormatError:
    return TemplateFormatError(
        path,
        _("expected %(expected)s, got %(got)s") % {"expected": expected, "got": _type_name(value)},
    )


# --- Reading the YAML file --------------------------------------------------


def parse_template_file(data: bytes | str) -> dict:
    """Read a template file (YAML) and return its validated structure."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise _too_big()
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplateFormatError(
                (),
                _("the file is not encoded in UTF-8 (invalid byte at position %(position)d)")
                % {"position": exc.start},
            ) from None
    elif len(data.encode("utf-8")) > MAX_FILE_BYTES:
        raise _too_big()
    if not data.strip():
        raise TemplateFormatError((), _("the file is empty"))
    try:
        loaded = yamlio.load(data)
    except yamlio.DuplicateKey as exc:
        raise TemplateFormatError(
            (),
            _("line %(line)d: the key “%(key)s” is written twice")
            % {"line": exc.line, "key": exc.key},
        ) from None
    except yamlio.TooDeep as exc:
        raise TemplateFormatError(
            (),
            _(
                "line %(line)d: the file nests more than %(depth)d levels; "
                "a template needs far fewer"
            )
            % {"line": exc.line, "depth": exc.depth},
        ) from None
    except yamlio.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is not None:
            reason = _("line %(line)d: invalid YAML (%(problem)s)") % {
                "line": mark.line + 1,
                "problem": problem,
            }
        else:
            reason = _("invalid YAML (%(problem)s)") % {"problem": problem}
        raise TemplateFormatError((), reason) from None
    if loaded is None:  # only comments
        raise TemplateFormatError((), _("the file is empty"))
    if not isinstance(loaded, dict):
        raise _wrong_type((), _("a set of keys such as format, name and phases"), loaded)
    if "format" not in loaded:
        raise TemplateFormatError(
            ("format",),
            _("this field is required (write “format: %(format)s”)") % {"format": FORMAT},
        )
    return validate_structure(loaded)


def _too_big() -> TemplateFormatError:
    return TemplateFormatError(
        (), _("the file is too big (at most %(size)d kB)") % {"size": MAX_FILE_BYTES // 1024}
    )


# --- Validating the structure -----------------------------------------------


def _mapping(value: Any, path: Path, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise _wrong_type(path, _("a set of keys"), value)
    for key in value:
        if key not in allowed:
            raise TemplateFormatError(
                path,
                _("unknown key “%(key)s” (allowed: %(allowed)s)")
                % {"key": key, "allowed": ", ".join(allowed)},
            )
    return value


def _text(obj: dict, key: str, path: Path, *, required=False, max_length=None) -> str:
    value = obj.get(key)
    if value is None:
        value = ""
    elif isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # "name: 2030" is meant as text
    elif not isinstance(value, str):
        raise _wrong_type(path + (key,), _("a text"), value)
    value = value.strip()
    if required and not value:
        raise TemplateFormatError(path + (key,), _("this field is required"))
    if max_length and len(value) > max_length:
        raise TemplateFormatError(
            path + (key,),
            _("at most %(max)d characters (here %(count)d)")
            % {"max": max_length, "count": len(value)},
        )
    return value


def _choice(obj: dict, key: str, path: Path, choices: tuple[str, ...]) -> str:
    value = _text(obj, key, path, required=True)
    if value not in choices:
        raise TemplateFormatError(
            path + (key,),
            _("“%(value)s” is not an allowed value (%(choices)s)")
            % {"value": value, "choices": ", ".join(choices)},
        )
    return value


def _list(obj: dict, key: str, path: Path) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong_type(path + (key,), _("a list"), value)
    return value


def _text_list(obj: dict, key: str, path: Path) -> list[str]:
    items = []
    for index, item in enumerate(_list(obj, key, path)):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise _wrong_type(path + (key, index), _("a text"), item)
        if item.strip():
            items.append(item.strip())
    return items


def _weeks(obj: dict, key: str, path: Path) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(path + (key,), _("a whole number of weeks"), value)
    if not 1 <= value <= MAX_WEEKS:
        raise TemplateFormatError(
            path + (key,),
            _("between 1 and %(max)d weeks (here %(value)d)") % {"max": MAX_WEEKS, "value": value},
        )
    return value


def _phase_ref(obj: dict, key: str, path: Path, phase_keys: list[str]) -> str | None:
    value = _text(obj, key, path)
    if not value:
        return None
    if value not in phase_keys:
        raise TemplateFormatError(
            path + (key,),
            _("unknown phase “%(value)s” (phase keys: %(keys)s)")
            % {"value": value, "keys": ", ".join(phase_keys)},
        )
    return value


def derive_key(name: str, taken: set[str], default: str = "phase") -> str:
    """A slug-like key made from a name, unique among ``taken``."""
    base = slugify(fold(name))[:KEY_MAX].strip("-") or default
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = base[: KEY_MAX - len(suffix)] + suffix
        number += 1
    return key


def derive_slug(name: str) -> str:
    """A template identifier made from its name (never only digits: URLs accept ids too)."""
    base = slugify(fold(name))[: SLUG_MAX - 8].strip("-")
    if not base:
        return "methode"
    return f"methode-{base}" if base.isdigit() else base


TOP_KEYS = (
    "format",
    "slug",
    "name",
    "description",
    "phases",
    "bodies",
    "workshops",
    "deliverables",
)
PHASE_KEYS = ("key", "name", "description", "expected_result", "duration_weeks")
BODY_KEYS = ("kind", "name", "short_name", "mission")
WORKSHOP_KEYS = ("title", "phase", "audience", "objectives", "questions", "themes")
DELIVERABLE_KEYS = ("name", "phase", "description")


def validate_structure(data: dict) -> dict:
    """Check a template structure and return it complete (see the module docstring).

    A ``format`` key is accepted (it must then be ``essor-method/1``) and left
    out of the result. A missing slug or phase key is derived from the name.
    """
    data = _mapping(data, (), TOP_KEYS)
    if "format" in data and data["format"] != FORMAT:
        raise TemplateFormatError(
            ("format",),
            _("“%(value)s” is not a known format (expected %(format)s)")
            % {"value": data["format"], "format": FORMAT},
        )
    name = _text(data, "name", (), required=True, max_length=200)
    slug = _text(data, "slug", (), max_length=SLUG_MAX) or derive_slug(name)
    if not SLUG_RE.match(slug) or slug.isdigit():
        raise TemplateFormatError(
            ("slug",),
            _(
                "“%(value)s” is not a valid identifier (lower-case letters, digits and "
                "hyphens, at least one letter)"
            )
            % {"value": slug},
        )
    structure = {
        "slug": slug,
        "name": name,
        "description": _text(data, "description", ()),
        "phases": _phases(data),
    }
    phase_keys = [phase["key"] for phase in structure["phases"]]
    structure["bodies"] = [
        _body(item, ("bodies", index)) for index, item in enumerate(_list(data, "bodies", ()))
    ]
    structure["workshops"] = [
        _workshop(item, ("workshops", index), phase_keys)
        for index, item in enumerate(_list(data, "workshops", ()))
    ]
    structure["deliverables"] = [
        _deliverable(item, ("deliverables", index), phase_keys)
        for index, item in enumerate(_list(data, "deliverables", ()))
    ]
    return structure


def _phases(data: dict) -> list[dict]:
    items = _list(data, "phases", ())
    if not items:
        raise TemplateFormatError(("phases",), _("at least one phase is required"))
    phases, explicit = [], {}
    for index, item in enumerate(items):
        path = ("phases", index)
        _mapping(item, path, PHASE_KEYS)
        key = _text(item, "key", path, max_length=KEY_MAX)
        if key:
            if not KEY_RE.match(key):
                raise TemplateFormatError(
                    path + ("key",),
                    _("“%(value)s” is not a valid key (lower-case letters, digits, - and _)")
                    % {"value": key},
                )
            if key in explicit:
                raise TemplateFormatError(
                    path + ("key",),
                    _("the key “%(value)s” is already used by phases[%(index)d]")
                    % {"value": key, "index": explicit[key]},
                )
            explicit[key] = index
        phases.append(
            {
                "key": key,
                "name": _text(item, "name", path, required=True, max_length=200),
                "description": _text(item, "description", path),
                "expected_result": _text(item, "expected_result", path),
                "duration_weeks": _weeks(item, "duration_weeks", path),
            }
        )
    taken = set(explicit)
    for phase in phases:
        if not phase["key"]:
            phase["key"] = derive_key(phase["name"], taken)
            taken.add(phase["key"])
    return phases


def _body(item: Any, path: Path) -> dict:
    _mapping(item, path, BODY_KEYS)
    return {
        "kind": _choice(item, "kind", path, BODY_KINDS),
        "name": _text(item, "name", path, required=True, max_length=200),
        "short_name": _text(item, "short_name", path, max_length=30),
        "mission": _text(item, "mission", path),
    }


def _workshop(item: Any, path: Path, phase_keys: list[str]) -> dict:
    _mapping(item, path, WORKSHOP_KEYS)
    return {
        "title": _text(item, "title", path, required=True, max_length=250),
        "phase": _phase_ref(item, "phase", path, phase_keys),
        "audience": _choice(item, "audience", path, AUDIENCES),
        "objectives": _text(item, "objectives", path),
        "questions": _text_list(item, "questions", path),
        "themes": _text_list(item, "themes", path),
    }


def _deliverable(item: Any, path: Path, phase_keys: list[str]) -> dict:
    _mapping(item, path, DELIVERABLE_KEYS)
    return {
        "name": _text(item, "name", path, required=True, max_length=250),
        "phase": _phase_ref(item, "phase", path, phase_keys),
        "description": _text(item, "description", path),
    }


# --- Writing the YAML file --------------------------------------------------


SECTION_KEYS = {
    "phases": PHASE_KEYS,
    "bodies": BODY_KEYS,
    "workshops": WORKSHOP_KEYS,
    "deliverables": DELIVERABLE_KEYS,
}


REQUIRED_KEYS = {"slug", "name", "key", "title", "kind", "audience"}


def _without_defaults(item: dict, keys: tuple[str, ...]) -> dict:
    return {
        k: item[k]
        for k in keys
        if k in item and (k in REQUIRED_KEYS or item[k] not in ("", None, []))
    }


def dump_template_file(structure: dict) -> str:
    """The structure as a readable YAML file; ``parse_template_file`` reads it back equal.

    Keys come in the documented order and optional keys left at their default
    are omitted (the reader fills them in again).
    """
    document = {"format": FORMAT}
    document |= _without_defaults(structure, ("slug", "name", "description"))
    for section, keys in SECTION_KEYS.items():
        items = structure.get(section) or []
        if items or section == "phases":
            document[section] = [_without_defaults(item, keys) for item in items]
    body = yamlio.dump(document)
    header = "# Modèle de méthode Essor — format décrit dans essor/methods/README.md\n"
    return header + body
