"""What the roadmap takes from the other capabilities: the synthesis themes (issue 6) and
the quantitative diagnostic of the observatory (issue 5).

Both are read through their own apps' public code (the synthesis models, the
observatory's ``diagnose``): the figures are never recounted here. A frozen plan
shows both as they were when it was validated (essor.plans.freezing and
essor.plans.roadmap_facts).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.observatory.presentation import fmt, source_line
from essor.plans.documents.content import Heading, Paragraph, Table, text_blocks
from essor.plans.freezing import ShownTheme, roadmap_theme_rows, theme_rows, unsorted_count


def synthesis_themes(process) -> list[dict]:
    """The process's live synthesis themes (the "To sort" bin is no theme)."""
    return theme_rows(process)


def synthesis_blocks(plan) -> list:
    """The themes section: as the plan was validated if it is frozen, else the live synthesis."""
    themes = roadmap_theme_rows(plan)
    if not themes:
        return []
    total = sum(t["contributions"] for t in themes)
    blocks: list = [
        Heading(2, _("Themes of the synthesis")),
        Paragraph(
            ngettext(
                "The facilitators grouped %(count)s contribution into %(themes)s.",
                "The facilitators grouped %(count)s contributions into %(themes)s.",
                total,
            )
            % {
                "count": total,
                "themes": ngettext("%(count)s theme", "%(count)s themes", len(themes))
                % {"count": len(themes)},
            }
        ),
        Table(
            [[_("Letter"), _("Theme"), _("Contributions")]]
            + [[t["letter"], t["title"], str(t["contributions"])] for t in themes]
        ),
    ]
    # A frozen plan reads as validated; lines sorted since do not change it.
    waiting = 0 if plan.frozen_synthesis is not None else unsorted_count(plan.process)
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
        blocks.append(
            Paragraph(str(ShownTheme(theme["pk"], theme["letter"], theme["title"])), bold=True)
        )
        blocks += text_blocks(theme["summary"]) or [Paragraph(_("No summary written."))]
    return blocks


def percent(value) -> str:
    # Rounded first: Django's number_format cuts extra decimals (64.29 would show 64,2).
    return f"{fmt(round(value, 1), 1)} %"


def diagnostic_blocks(found: list[dict]) -> list:
    """The diagnostic section from the observatory's figures (roadmap_facts.diagnostics)."""
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
