"""Every contribution of a process as rows, for the command (JSON/CSV) and the downloads.

The command prints machine values (kind codes, ISO dates) under stable keys;
the web downloads carry the same columns with French headers and labels,
and neutralise cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from essor.contributions import follow_up
from essor.contributions.models import (
    Contribution,
    ContributionKind,
    ContributionSource,
    ContributionStatus,
)
from essor.core.spreadsheet import csv_bytes, fill_sheet, safe_cell, sheet_name

PARIS = ZoneInfo("Europe/Paris")

# (key, header of the downloads), in the order of the columns.
COLUMNS = [
    ("id", _("Id")),
    ("text", _("Text")),
    ("kind", _("Kind")),
    ("theme", _("Theme")),
    (follow_up.SYNTHESIS_THEME, _("Synthesis theme")),
    (follow_up.ACTIONS, _("Taken up by the action")),
    ("workshop_id", _("Workshop id")),
    ("workshop", _("Workshop")),
    ("question", _("Question")),
    ("survey_answer", _("Survey answer")),
    ("author_organisation", _("Author organisation")),
    ("source", _("Origin")),
    ("status", _("Moderation")),
    ("commune", _("Commune")),
    ("withdrawn", _("Withdrawn")),
    ("created_at", _("Created at")),
    ("vote_points", _("Points")),
    ("voter_count", _("Voters")),
]
KEYS = [key for key, _label in COLUMNS]


# Undated workshops and contributions without a workshop last, on every database.
EXPORT_ORDER = [
    F("workshop__date").asc(nulls_last=True),
    F("workshop_id").asc(nulls_last=True),
    F("question__order").asc(nulls_last=True),
    "question_id",
    "order",
    "id",
]


def export_queryset(process):
    return (
        Contribution.objects.filter(process=process)
        .with_votes()
        .select_related("workshop", "question", "author_organisation", "commune")
        .order_by(*EXPORT_ORDER)
    )


def contribution_rows(process) -> list[dict]:
    """One dict per contribution of the process, keys in ``KEYS`` order (machine values).

    The synthesis theme and the actions come from the apps above (``follow_up``),
    each in one query for the whole process.
    """
    contributions = list(export_queryset(process))
    # A query, not a list: a process may hold more lines than SQLite takes parameters.
    ids = Contribution.objects.filter(process=process).values("pk")
    themes = follow_up.describe(follow_up.SYNTHESIS_THEME, ids)
    actions = follow_up.describe(follow_up.ACTIONS, ids)
    return [
        {
            "id": c.pk,
            "text": c.text,
            "kind": c.kind,
            "theme": c.theme,
            follow_up.SYNTHESIS_THEME: themes.get(c.pk, ""),
            follow_up.ACTIONS: actions.get(c.pk, ""),
            "workshop_id": c.workshop_id,
            "workshop": c.workshop.title if c.workshop_id else "",
            "question": c.question.text if c.question_id else "",
            "survey_answer": c.survey_answer_label,
            "author_organisation": (
                c.author_organisation.name if c.author_organisation_id else c.organisation_name
            ),
            "source": c.source,
            "status": c.status,
            "commune": f"{c.commune.name} ({c.commune.code})" if c.commune_id else "",
            "withdrawn": c.is_withdrawn,
            "created_at": c.created_at.astimezone(PARIS).isoformat(timespec="seconds"),
            "vote_points": c.vote_points,
            "voter_count": c.voter_count,
        }
        for c in contributions
    ]


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KEYS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _human(row: dict, *, typed: bool = False) -> list:
    """The row as people read it: labels for codes, Paris time, "oui"/"non".

    ``typed`` (XLSX) keeps the creation time a real date-time.
    """
    values = dict(row)
    values["kind"] = str(ContributionKind(row["kind"]).label) if row["kind"] else ""
    values["source"] = str(ContributionSource(row["source"]).label) if row["source"] else ""
    values["status"] = str(ContributionStatus(row["status"]).label) if row["status"] else ""
    values["withdrawn"] = str(_("yes") if row["withdrawn"] else _("no"))
    if typed:
        values["created_at"] = datetime.fromisoformat(row["created_at"]).replace(tzinfo=None)
    else:
        values["created_at"] = row["created_at"].replace("T", " ")[:19]
    return [safe_cell(values[key]) for key in KEYS]


def headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def csv_download(rows: list[dict]) -> bytes:
    """CSV for spreadsheets: UTF-8 with BOM, semicolons (French Excel)."""
    return csv_bytes([headers(), *(_human(row) for row in rows)], delimiter=";")


def xlsx_download(rows: list[dict], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(_("Contributions"))
    fill_sheet(sheet, [headers(), *(_human(row, typed=True) for row in rows)])
    sheet.column_dimensions["B"].width = 80
    workbook.properties.title = title[:200]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
