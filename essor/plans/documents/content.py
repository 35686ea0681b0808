"""The roadmap as a neutral list of blocks, rendered to ODT, DOCX and PDF by sibling modules.

Sections (issue 4): cover, political ambition, method and calendar followed,
governance, diagnostic summary and synthesis themes when available, each
axis with one sheet per action, not-retained proposals with their reasons,
follow-up arrangements.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.contributions.models import ContributionKind
from essor.decisions.models import Decision
from essor.plans import history
from essor.plans.models import Action, ActionStatus, Plan
from essor.plans.roadmap_facts import day, roadmap_facts


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str
    bold: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    rows: list[list[str]]  # first row is the header
    key_value: bool = False  # a two-column sheet: labels in the first column


@dataclass
class PageBreak:
    pass


@dataclass
class Roadmap:
    title: str
    subtitle: str
    cover_lines: list[str]
    blocks: list = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def html_to_blocks(value: str) -> list:
    """Sanitised rich text (paragraphs, lists) as paragraphs and bullets."""
    blocks, bullets = [], []
    for tag, inner in re.findall(r"<(p|li|h[2-4]|blockquote)[^>]*>(.*?)</\1>", value or "", re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        if not text:
            continue
        if tag == "li":
            bullets.append(text)
            continue
        if bullets:
            blocks.append(Bullets(bullets))
            bullets = []
        blocks.append(Paragraph(text))
    if bullets:
        blocks.append(Bullets(bullets))
    if not blocks and value:
        text = html.unescape(re.sub(r"<[^>]+>", " ", value)).strip()
        if text:
            blocks.append(Paragraph(text))
    return blocks


def text_blocks(value: str) -> list:
    return [Paragraph(part.strip()) for part in (value or "").split("\n\n") if part.strip()]


def roadmap_actions(plan: Plan):
    return (
        plan.actions.select_related("axis", "parent")
        .prefetch_related(*history.M2M_FIELDS, *history.CHILD_FIELDS)
        .annotate(source_count=Count("contributions", distinct=True))
        .order_by("axis__order", "order", "id")
    )


def action_sheet(action: Action) -> list:
    values = history.snapshot(action)
    rows = [[_("Field"), _("Value")]]
    for name in [
        "status", "status_reason", "priority", "pilot_organisations", "pilot_people", "partners",
        "departments", "levers", "themes", "synthesis_themes", "audiences", "start_date",
        "end_date",
    ]:  # fmt: skip
        if values[name]:
            rows.append([history.field_label(name).capitalize(), values[name]])
    if action.parent_id:
        rows.append([_("Sub-action of"), action.parent.title])
    rows.append([_("Supporting contributions"), str(action.source_count)])
    blocks: list = [Heading(3, action.title), Table(rows, key_value=True)]
    for name in ("description", "objectives", "expected_effects"):
        if values[name]:
            blocks.append(Paragraph(history.field_label(name).capitalize(), bold=True))
            blocks += text_blocks(values[name])
    for name in history.CHILD_FIELDS:
        if values[name]:
            blocks.append(Paragraph(history.field_label(name).capitalize(), bold=True))
            blocks.append(Bullets(values[name].split("\n")))
    if values["notes"]:
        blocks.append(Paragraph(_("Notes"), bold=True))
        blocks += text_blocks(values["notes"])
    return blocks


def build_roadmap(plan: Plan) -> Roadmap:
    process = plan.process
    territories = ", ".join(t.name for t in process.territories.all())
    cover = [territories, plan.name, date_format(timezone.localdate(), "j F Y")]
    if plan.council_vote_date:
        cover.append(
            _("Council vote of %(date)s: %(result)s")
            % {
                "date": date_format(plan.council_vote_date, "j F Y"),
                "result": plan.get_council_vote_result_display(),
            }
        )
    doc = Roadmap(_("Roadmap of the social and solidarity economy"), process.title, cover)
    add = doc.blocks.append
    actions = list(roadmap_actions(plan))
    # As validated for a frozen plan: the process and the observatory may change since.
    facts = roadmap_facts(plan)

    add(Heading(1, _("Political ambition")))
    doc.blocks += html_to_blocks(process.ambition) or [Paragraph(_("Not stated."))]
    doc.blocks += text_blocks(plan.introduction)

    add(Heading(1, _("Method and calendar followed")))
    if facts["phases"]:
        add(Bullets([_phase_line(p) for p in facts["phases"]]))
    if facts["meetings"]:
        rows = [[_("Date"), _("Meeting")]]
        rows += [[date_format(day(m["date"]), "d/m/Y"), m["title"]] for m in facts["meetings"]]
        add(Table(rows))

    add(Heading(1, _("Governance")))
    for body in facts["governance"]:
        add(Paragraph(body["name"], bold=True))
        if body["mission"]:
            add(Paragraph(body["mission"]))
        members = [f"{name} ({role})" if role else name for _pk, name, role in body["members"]]
        if members:
            add(Bullets(members))
    decisions = list(Decision.objects.about(plan).select_related("body", "meeting"))
    if decisions:
        add(Paragraph(_("Decisions on this plan"), bold=True))
        add(Bullets([_decision_line(d) for d in decisions]))

    _concertation(doc, plan, facts)

    add(PageBreak())
    add(Heading(1, _("Axes and actions")))
    # One sheet per action the plan commits to; proposals still under study and
    # abandoned actions are listed apart, not-retained ones with their reason.
    committed = [a for a in actions if a.is_committed]
    by_axis: dict = {}
    for action in committed:
        by_axis.setdefault(action.axis_id, []).append(action)
    for axis in plan.axes.filter(parent__isnull=True).prefetch_related("children"):
        add(Heading(2, str(axis)))
        doc.blocks += text_blocks(axis.vision)
        for action in by_axis.get(axis.pk, []):
            doc.blocks += action_sheet(action)
        for child in axis.children.all():
            add(Heading(2, str(child)))
            doc.blocks += text_blocks(child.vision)
            for action in by_axis.get(child.pk, []):
                doc.blocks += action_sheet(action)
    for action in by_axis.get(None, []):
        doc.blocks += action_sheet(action)

    studied = [a for a in actions if a.status == ActionStatus.PROPOSED]
    if studied:
        add(Heading(1, _("Proposals under study")))
        add(Bullets([f"{a.title} ({a.axis})" if a.axis else a.title for a in studied]))

    add(Heading(1, _("Proposals not retained")))
    rejected = [
        a for a in actions if a.status in (ActionStatus.NOT_RETAINED, ActionStatus.ABANDONED)
    ]
    if rejected:
        rows = [[_("Proposal"), _("Status"), _("Reason")]] + [
            [a.title, a.get_status_display(), a.status_reason] for a in rejected
        ]
        add(Table(rows))
    else:
        add(Paragraph(_("Every proposal was retained.")))

    add(Heading(1, _("Follow-up arrangements")))
    doc.blocks += text_blocks(plan.follow_up) or [Paragraph(_("To be defined."))]
    indicator_count = sum(len(a.indicators.all()) for a in committed)
    add(
        Paragraph(
            ngettext(
                "%(actions)s action is retained, followed by %(indicators)s.",
                "%(actions)s actions are retained, followed by %(indicators)s.",
                len(committed),
            )
            % {
                "actions": len(committed),
                "indicators": ngettext(
                    "%(count)s indicator", "%(count)s indicators", indicator_count
                )
                % {"count": indicator_count},
            }
        )
    )
    return doc


def _phase_line(phase: dict) -> str:
    dates = " – ".join(date_format(day(d), "d/m/Y") for d in (phase["start"], phase["end"]) if d)
    return f"{phase['name']} ({dates})" if dates else phase["name"]


def _decision_line(decision) -> str:
    where = f"{decision.body} ({decision.meeting})" if decision.meeting else str(decision.body)
    line = _("%(date)s, %(where)s: %(summary)s") % {
        "date": date_format(decision.decided_on, "d/m/Y"),
        "where": where,
        "summary": decision.summary,
    }
    return f"{line} — {decision.comment}" if decision.comment else line


def _concertation(doc: Roadmap, plan: Plan, facts: dict) -> None:
    """Summary of the diagnostic and synthesis themes, from what the process holds."""
    # Imported here: inputs builds its blocks with the classes of this module.
    from essor.plans.documents.inputs import diagnostic_blocks, synthesis_blocks

    doc.blocks += diagnostic_blocks(facts["diagnostics"])
    total = facts["contributions"]
    if not total:
        return
    doc.blocks.append(Heading(1, _("Summary of the concertation")))
    # Contributions come from workshops and from surveys: both are counted.
    sources = facts["workshops"] + facts["surveys"]
    doc.blocks.append(
        Paragraph(
            ngettext(
                "%(count)s contribution was collected, in %(workshops)s.",
                "%(count)s contributions were collected, in %(workshops)s.",
                total,
            )
            % {
                "count": total,
                "workshops": ngettext(
                    "%(count)s workshop or survey", "%(count)s workshops and surveys", sources
                )
                % {"count": sources},
            }
        )
    )
    doc.blocks.append(
        Bullets([f"{ContributionKind(kind).label}\u00a0: {n}" for kind, n in facts["kinds"]])
    )
    # The facilitators' synthesis (lettered themes with summaries) when there is one,
    # else the themes typed on the contributions themselves.
    synthesis = synthesis_blocks(plan)
    if synthesis:
        doc.blocks += synthesis
        return
    if facts["typed_themes"]:
        doc.blocks.append(Heading(2, _("Themes of the synthesis")))
        doc.blocks.append(Bullets([f"{theme} ({n})" for theme, n in facts["typed_themes"]]))
