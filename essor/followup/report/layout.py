"""The report laid out as a list of neutral blocks (headings, paragraphs, tables, images)
that the ODT, DOCX and PDF writers render alike. The slides have their own layout
(``pptx.py``), from the same content."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from essor.core.french_numbers import format_money, format_number
from essor.followup.models import ProgressStatus
from essor.followup.report.content import ActionNote, FollowupReport, day
from essor.followup.report.images import budget_png, indicator_png  # noqa: F401 (slides)
from essor.followup.summary import Money
from essor.plans.documents.content import Bullets, Heading, Paragraph, Table

__all__ = ["Bullets", "Document", "Heading", "Image", "Paragraph", "Table", "layout"]

OTHER_STATUSES = (ProgressStatus.PAUSED, ProgressStatus.BLOCKED, ProgressStatus.ABANDONED)


@dataclass
class Image:
    png: bytes
    width_cm: float
    description: str  # the text alternative


@dataclass
class Document:
    title: str
    subtitle: str
    cover_lines: list[str]
    blocks: list = field(default_factory=list)


def euros(amount) -> str:
    return f"{format_money(amount or 0)}\u00a0€"


def percent(value) -> str:
    return "" if value is None else f"{value}\u00a0%"


def key_figures(report: FollowupReport) -> list[tuple[str, str]]:
    rows = [(_("Actions followed"), format_number(report.total))]
    rows += [(label.capitalize(), format_number(count)) for _c, label, count in report.statuses]
    rows += [
        (_("Late"), format_number(report.late)),
        (_("Reported for %(year)s") % {"year": report.year},
         f"{format_number(report.reported)} / {format_number(report.total)}"),
        (_("Budget planned"), euros(report.planned.total)),
        (_("Budget spent"), euros(report.spent.total)),
        (_("Indicators on track"),
         f"{format_number(report.on_track)} / {format_number(len(report.indicators))}"),
        (_("Indicators off track"), format_number(report.off_track)),
    ]  # fmt: skip
    return rows


def axis_rows(report: FollowupReport) -> list[list[str]]:
    header = [_("Axis"), _("Actions"), ProgressStatus.DONE.label, ProgressStatus.IN_PROGRESS.label,
              ProgressStatus.NOT_STARTED.label, _("paused, blocked or abandoned"), _("late"),
              _("average progress")]  # fmt: skip
    rows = [[h[0].upper() + h[1:] for h in header]]
    for axis in report.axes:
        rows.append([
            axis.label, format_number(axis.total),
            format_number(axis.statuses[ProgressStatus.DONE]),
            format_number(axis.statuses[ProgressStatus.IN_PROGRESS]),
            format_number(axis.statuses[ProgressStatus.NOT_STARTED]),
            format_number(sum(axis.statuses[s] for s in OTHER_STATUSES)),
            format_number(axis.late), percent(axis.mean_progress),
        ])  # fmt: skip
    return rows


def note_text(note: ActionNote) -> str:
    if not note.note:
        return _("No note.")
    kind = _("public note") if note.public else _("internal note")
    return _("%(note)s (%(kind)s of %(date)s, for %(year)s)") % {
        "note": note.note, "kind": kind, "date": day(note.written_on), "year": note.year,
    }  # fmt: skip


def issue_rows(report: FollowupReport) -> list[list[str]]:
    rows = [[_("Action"), _("Axis"), _("Status"), _("Latest note")]]
    for issue in report.issues:
        status = capfirst(issue.status) + (", " + _("late") if issue.late else "")
        rows.append([issue.action, issue.axis, status, note_text(issue)])
    return rows


def indicator_rows(report: FollowupReport, lines=None) -> list[list[str]]:
    rows = [[_("Action"), _("Indicator"), _("Baseline"), _("Target"), _("Measured"),
             _("Assessment")]]  # fmt: skip
    for line in report.indicators if lines is None else lines:
        unit = f"\u00a0{line.unit}" if line.unit else ""
        target = format_number(line.target) + unit if line.target is not None else ""
        if line.target_year and target:
            target += f" ({line.target_year})"
        value = format_number(line.value) + unit if line.value is not None else ""
        if value:
            value += f" ({line.value_year})"
        baseline = format_number(line.baseline) + unit if line.baseline is not None else ""
        rows.append([line.action, line.name, baseline, target, value, line.judgement])
    return rows


def budget_rows(report: FollowupReport) -> list[list[str]]:
    rows = [[_("Axis"), _("Operating planned"), _("Operating spent"), _("Investment planned"),
             _("Investment spent"), _("Total planned"), _("Total spent")]]  # fmt: skip

    def line(label: str, planned: Money, spent: Money) -> list[str]:
        return [label, euros(planned.operating), euros(spent.operating),
                euros(planned.investment), euros(spent.investment),
                euros(planned.total), euros(spent.total)]  # fmt: skip

    rows += [line(row.label, row.planned, row.spent) for row in report.budget]
    rows.append(line(_("Total"), report.planned, report.spent))
    return rows


def budget_chart(report: FollowupReport) -> bytes:
    return budget_png([(row.label, row.planned.total, row.spent.total) for row in report.budget])


def highlight_items(report: FollowupReport, notes=None) -> list[str]:
    return [f"{note.action} ({note.axis}, {note.status})\u00a0: {note_text(note)}"
            for note in (report.highlights if notes is None else notes)]  # fmt: skip


def decision_rows(report: FollowupReport) -> list[list[str]]:
    rows = [[_("Date"), _("Body"), _("Decision"), _("Outcome")]]
    rows += [[day(d.decided_on), d.body, d.summary, d.outcome] for d in report.decisions]
    return rows


def cover_lines(report: FollowupReport) -> list[str]:
    return [
        report.process_name,
        report.scope,
        _("Generated by Essor on %(date)s") % {"date": day(report.generated_on)},
    ]


def layout(report: FollowupReport) -> Document:
    document = Document(report.title, report.period, cover_lines(report))
    add = document.blocks.append
    add(Heading(1, _("Key figures")))
    add(Table([[label, value] for label, value in key_figures(report)], key_value=True))
    add(Heading(1, _("Progress per axis")))
    add(Table(axis_rows(report)))
    add(Heading(1, _("Late and blocked actions")))
    if report.issues:
        add(Table(issue_rows(report)))
    else:
        add(Paragraph(_("No action is late or blocked.")))
    add(Heading(1, _("Indicators: target against actual")))
    if not report.indicators:
        add(Paragraph(_("No indicator is followed for these actions.")))
    for line in report.charted:
        add(Heading(2, f"{line.name} — {line.action}"))
        add(
            Image(
                indicator_png(line.chart),
                15,
                _(
                    "Chart of %(name)s: expected values against "
                    "measured values, by year; the figures are "
                    "in the table below."
                )
                % {"name": line.name},
            )
        )
        add(Paragraph(f"{capfirst(line.judgement)}\u00a0: {line.explanation}"))
    if report.indicators and not report.charted:
        add(Paragraph(_("Too many indicators for a chart each: their figures are in the table.")))
    if report.indicators:
        add(Table(indicator_rows(report)))
    add(Heading(1, _("Budget: planned against spent")))
    add(
        Image(
            budget_chart(report),
            15,
            _(
                "Chart of the budget planned against spent per axis; "
                "the figures are in the table below."
            ),
        )
    )
    add(Table(budget_rows(report)))
    add(Heading(1, _("Highlights from the pilots' notes")))
    if report.highlights:
        add(Bullets(highlight_items(report)))
    else:
        add(Paragraph(_("No note was written for this period.")))
    add(Heading(1, _("Decisions of the previous follow-up committee")))
    if report.decisions:
        add(Paragraph(_("Follow-up committee of %(date)s") % {"date": day(report.decisions_date)}))
        add(Table(decision_rows(report)))
    else:
        add(Paragraph(_("No decision of a follow-up committee is recorded yet.")))
    return document
