"""What the roadmap takes from the other capabilities: the synthesis themes (issue 6) and
the quantitative diagnostic of the observatory (issue 5).

Both are read through their own apps' public code (the synthesis models, the
observatory's ``diagnose``): the figures are never recounted here.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.observatory.diagnostic import DiagnosticError, diagnose
from essor.observatory.presentation import fmt, source_line
from essor.plans.documents.content import Heading, Paragraph, Table, text_blocks
from essor.synthesis.models import Theme

# A process may cover many communes: the roadmap summarises the largest ones.
MAX_TERRITORIES = 5


def _counted(themes):
    return themes.annotate(
        contribution_count=Count(
            "placements", filter=Q(placements__contribution__is_withdrawn=False)
        )
    ).order_by("order", "id")


def synthesis_themes(process) -> list[Theme]:
    """The process's synthesis themes with ``contribution_count`` (withdrawn ones left out,
    as on the wall), in the facilitator's order; the "To sort" bin is no theme."""
    return list(_counted(Theme.objects.filter(synthesis__process=process).lettered()))


def unsorted_count(process) -> int:
    """How many contributions still wait in the synthesis's "To sort" bin."""
    bins = _counted(Theme.objects.filter(synthesis__process=process).unsorted())
    return sum(theme.contribution_count for theme in bins)


def synthesis_blocks(process) -> list:
    themes = synthesis_themes(process)
    if not themes:
        return []
    total = sum(t.contribution_count for t in themes)
    blocks: list = [
        Heading(2, _("Themes of the synthesis")),
        Paragraph(
            _("The facilitators grouped %(count)s contributions into %(themes)s themes.")
            % {"count": total, "themes": len(themes)}
        ),
        Table(
            [[_("Letter"), _("Theme"), _("Contributions")]]
            + [[t.letter, t.title, str(t.contribution_count)] for t in themes]
        ),
    ]
    waiting = unsorted_count(process)
    if waiting:
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)s contribution is not sorted into a theme yet.",
                    "%(count)s contributions are not sorted into a theme yet.",
                    waiting,
                )
                % {"count": waiting}
            )
        )
    for theme in themes:
        blocks.append(Paragraph(f"{theme}", bold=True))
        blocks += text_blocks(theme.summary) or [Paragraph(_("No summary written."))]
    return blocks


def percent(value) -> str:
    # Rounded first: Django's number_format cuts extra decimals (64.29 would show 64,2).
    return f"{fmt(round(value, 1), 1)} %"


def diagnostics(process) -> list[dict]:
    """The observatory's diagnostic of each of the process's (largest) territories;
    empty when no register is imported or the territories are unknown to it."""
    results = []
    for territory in process.territories.order_by("-population", "name")[:MAX_TERRITORIES]:
        try:
            results.append(diagnose(territory))
        except DiagnosticError:
            # No register imported (the same for every territory): no diagnostic at all.
            return []
    return results


def diagnostic_blocks(process) -> list:
    found = diagnostics(process)
    if not found:
        return []
    blocks: list = [Heading(1, _("Summary of the quantitative diagnostic"))]
    for d in found:
        ess, economy, share = d["ess"], d["economy"], d["ess_share"]
        blocks.append(Heading(2, d["territory"]["name"]))
        blocks.append(
            Table(
                [
                    [_("Measure"), _("ESS"), _("Whole economy"), _("ESS share")],
                    [
                        _("Establishments"),
                        fmt(ess["establishments"]),
                        fmt(economy["establishments"]),
                        percent(share["establishments"]),
                    ],
                    [
                        _("Employer establishments"),
                        fmt(ess["employer_establishments"]),
                        fmt(economy["employer_establishments"]),
                        percent(share["employer_establishments"]),
                    ],
                    [
                        _("Estimated jobs (central)"),
                        fmt(ess["jobs"]["central"]),
                        fmt(economy["jobs"]["central"]),
                        percent(share["jobs_central"]),
                    ],
                    [_("Legal units"), fmt(ess["legal_units"]), fmt(economy["legal_units"]), ""],
                ]
            )
        )
        rows = [[_("Territory"), _("Establishments"), _("Employer establishments"), _("Jobs")]]
        for name, shares in [(d["territory"]["name"], share)] + [
            (c["territory"]["name"], c["ess_share"]) for c in d["comparison"]
        ]:
            rows.append(
                [
                    name,
                    percent(shares["establishments"]),
                    percent(shares["employer_establishments"]),
                    percent(shares["jobs_central"]),
                ]
            )
        blocks.append(Paragraph(_("ESS share compared with the wider territories"), bold=True))
        blocks.append(Table(rows))
        blocks.append(Paragraph(source_line(d)))
    return blocks
