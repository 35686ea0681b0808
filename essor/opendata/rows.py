"""The rows of each open data table for a published process: only what the public sees.

Everything comes through ``essor.portal.visibility`` (published processes, the parts a
facilitator shows) and the follow-up's public reading (``essor.followup.public``): an
internal note, an internal meeting, a hidden part never reaches a file. A fixed number of
queries per process, whatever its size; no write.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from decimal import Decimal

from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from essor.followup.fiches_action import fiche_action_status
from essor.followup.public import public_progress, public_year
from essor.followup.summary import latest_values
from essor.organisations.models import Organisation
from essor.plans.models import Indicator
from essor.plans.public import public_roadmap
from essor.portal import visibility
from essor.territories.models import TerritoryKind

INSEE_KINDS = {TerritoryKind.COMMUNE, TerritoryKind.DEPARTEMENT, TerritoryKind.REGION}


def process_key(process) -> str:
    return f"{process.workspace.slug}-{process.pk}"


BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain(text: str) -> str:
    """Sanitised HTML (the ambition) as plain text, a line per paragraph."""
    lines = html.unescape(strip_tags(BLOCK_END.sub("\n", text or ""))).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def utc(moment) -> str:
    if moment is None:
        return ""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def process_rows(process, settings=None) -> dict[str, list[dict]]:
    """{table name: rows} for one published process."""
    settings = settings or visibility.settings_for(process)
    plan = visibility.public_plan(process, settings)
    key = process_key(process)
    tables: dict[str, list[dict]] = defaultdict(list)
    tables["processes"].append(_process(process, plan, key))
    for territory in process.territories.all():
        tables["territories"].append(
            {
                "process_id": key,
                "territory_id": f"{territory.kind}:{territory.code}",
                "kind": territory.kind,
                "name": territory.name,
                "insee_code": territory.code if territory.kind in INSEE_KINDS else "",
                "siren": territory.code if territory.kind == TerritoryKind.EPCI else "",
                "population": territory.population,
            }
        )
    if plan is not None:
        _roadmap(plan, key, tables)
    for meeting in visibility.public_meetings(process, settings):
        tables["meetings"].append(
            {
                "id": str(meeting.uid),
                "process_id": key,
                "kind": meeting.kind,
                "kind_label": meeting.get_kind_display(),
                "title": meeting.title,
                "starts_at": utc(meeting.starts_at),
                "ends_at": utc(meeting.ends_at),
                "place": meeting.place,
                "description": meeting.description,
            }
        )
    seen: set[str] = set()
    for theme in visibility.public_themes(process, settings):
        identifier = f"{key}-{theme.letter}"
        while identifier in seen:  # two themes given the same letter
            identifier += "'"
        seen.add(identifier)
        tables["themes"].append(
            {
                "id": identifier,
                "process_id": key,
                "letter": theme.letter,
                "title": theme.title,
                "summary": theme.summary,
                "contribution_count": theme.contribution_count,
            }
        )
    for decision in visibility.public_decisions(process, settings).order_by("decided_on", "pk"):
        tables["decisions"].append(
            {
                "id": f"{key}-D{decision.pk}",
                "process_id": key,
                "body": decision.body.name,
                "decided_on": decision.decided_on,
                "summary": decision.summary,
                "outcome": decision.outcome,
                "outcome_label": decision.get_outcome_display(),
                "subject": decision.subject_label,
            }
        )
    return tables


def _process(process, plan, key: str) -> dict:
    return {
        "id": key,
        "title": process.title,
        "publisher": process.workspace.name,
        "status": process.status,
        "status_label": process.get_status_display(),
        "start_date": process.start_date,
        "end_date": process.end_date,
        "ambition": plain(process.ambition),
        "plan": plan.name if plan else "",
        "plan_validated_on": timezone.localtime(plan.frozen_at).date() if plan else None,
        "council_vote_date": plan.council_vote_date if plan else None,
        "licence": process.workspace.get_data_licence_display(),
        "url": django_settings.SITE_URL + reverse("plans:public", args=[process.pk])
        if plan
        else "",
    }


def _walk(axes, parent=None):
    """(public axis, its parent axis) for the axes and their sub-axes, in order."""
    for item in axes:
        yield item, parent
        yield from _walk(item.children, item.axis)


def _roadmap(plan, key: str, tables: dict) -> None:
    axes = public_roadmap(plan)
    public_progress(plan, axes)
    actions = []
    for item, parent in _walk(axes):
        if item.axis is not None:
            axis = item.axis
            tables["axes"].append(
                {
                    "id": str(axis.lineage),
                    "process_id": key,
                    "parent_id": str(parent.lineage) if parent else "",
                    "number": axis.number,
                    "title": axis.title,
                    "vision": axis.vision,
                    "order": axis.order,
                }
            )
        actions.extend((item.axis, action) for action in item.actions)
    sirens = _sirens(action for _axis, action in actions)
    for axis, action in actions:
        tables["actions"].append(_action(action, axis, key, sirens))
    _indicators(plan, [action for _axis, action in actions], key, tables)


def _pilot_ids(action) -> list[int]:
    """Ids of the pilot organisations shown (validated labels keep their ids)."""
    if action.frozen_labels is not None:
        return [pk for pk, _label in action.frozen_labels.get("pilot_organisations", [])]
    return [o.pk for o in action.pilot_organisations.all()]


def _sirens(actions) -> dict[int, str]:
    """{organisation id: SIREN} of the pilots shown, in one query."""
    ids = {pk for action in actions for pk in _pilot_ids(action)}
    found = Organisation.objects.filter(pk__in=ids).exclude(siren="")
    return dict(found.values_list("pk", "siren"))


def _money(amount) -> Decimal | None:
    return None if amount is None else amount.total


def _action(action, axis, key: str, sirens: dict) -> dict:
    progress = getattr(action, "progress", None)
    note = progress.note if progress else None
    row = {
        "id": str(action.lineage),
        "process_id": key,
        "axis_id": str(axis.lineage) if axis else "",
        "order": action.order,
        "title": action.title,
        "description": action.description,
        "objectives": action.objectives,
        "expected_effects": action.expected_effects,
        "decision": action.status,
        "decision_label": action.get_status_display(),
        "start_date": action.start_date,
        "end_date": action.end_date,
        "pilots": " ; ".join(action.pilot_names),
        "pilot_sirens": " ; ".join(sirens[pk] for pk in _pilot_ids(action) if pk in sirens),
        "implementation_status": progress.status if progress else "",
        "implementation_status_label": progress.status_label if progress else "",
        "fiche_action_status": fiche_action_status(progress.status, progress.late)
        if progress
        else "",
        "late": progress.late if progress else None,
        "progress": progress.progress if progress else None,
        "public_note": note.text if note else "",
        "public_note_date": note.date if note else None,
        "planned_budget": _money(progress.planned) if progress else None,
        "spent": _money(progress.spent) if progress else None,
    }
    return row


def _indicators(plan, actions, key: str, tables: dict) -> None:
    lineage_of = {action.pk: str(action.lineage) for action in actions}
    indicators = list(
        Indicator.objects.filter(action__in=list(lineage_of)).order_by("action_id", "id")
    )
    year = public_year(plan, timezone.localdate())
    values = latest_values([i.pk for i in indicators], up_to=year)
    for indicator in indicators:
        tables["indicators"].append(
            {
                "id": str(indicator.lineage),
                "process_id": key,
                "action_id": lineage_of[indicator.action_id],
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "baseline": indicator.baseline,
                "baseline_year": indicator.baseline_year,
                "target": indicator.target,
                "target_year": indicator.target_year,
                "source": indicator.source,
            }
        )
        for measured in sorted(values.get(indicator.pk, {}).values(), key=lambda v: v.year):
            tables["indicator_values"].append(
                {
                    "indicator_id": str(indicator.lineage),
                    "process_id": key,
                    "year": measured.year,
                    "value": measured.value,
                    "kind": measured.kind,
                }
            )
