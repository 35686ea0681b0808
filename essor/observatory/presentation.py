"""The diagnostic turned into labelled tables and charts for the page and the sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from essor.observatory.charts import bar_chart
from essor.observatory.diagnostic import MISSING_BAND, UNKNOWN_SECTION
from essor.observatory.perimeter import FAMILY_LABELS, load_perimeter, naf_labels


def fmt(value, decimals: int = 0) -> str:
    return number_format(value, decimals, force_grouping=True)


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    chart: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)


def measure_headers() -> list[str]:
    return [
        _("Legal units"),
        _("Establishments"),
        _("Employer establishments"),
        _("Jobs (low – central – high)"),
    ]


def measure_cells(m: dict) -> list[str]:
    jobs = m["jobs"]
    return [
        fmt(m["legal_units"]),
        fmt(m["establishments"]),
        fmt(m["employer_establishments"]),
        f"{fmt(jobs['low'])} – {fmt(jobs['central'])} – {fmt(jobs['high'])}",
    ]


def section_label(code: str) -> str:
    if code == UNKNOWN_SECTION:
        return _("Activity unknown or in an older nomenclature")
    return f"{code} — {naf_labels().sections.get(code, '')}"


def division_label(code: str) -> str:
    if code == UNKNOWN_SECTION:
        return _("Activity unknown or in an older nomenclature")
    return f"{code} — {naf_labels().divisions.get(code, ('', ''))[1]}"


def band_label(code: str) -> str:
    if code == MISSING_BAND:
        return _("No size band")
    band = load_perimeter().bands.get(code)
    return f"{code} — {band.label}" if band else code


def share_rows(d: dict) -> list[tuple[str, dict]]:
    rows = [(d["territory"]["name"], d["ess_share"])]
    return rows + [(c["territory"]["name"], c["ess_share"]) for c in d["comparison"]]


def tables(d: dict) -> list[Table]:
    """Every table of the page, in order, each with its chart."""
    result = []
    summary = Table(
        "summary",
        _("The ESS and the whole economy"),
        [_("Scope"), *measure_headers()],
        [
            [_("ESS"), *measure_cells(d["ess"])],
            [_("Whole economy"), *measure_cells(d["economy"])],
        ],
    )
    result.append(summary)
    shares = share_rows(d)
    result.append(
        Table(
            "comparison",
            _("ESS share compared with the parent territories"),
            [
                _("Territory"),
                _("Establishments"),
                _("Employer establishments"),
                _("Jobs (central)"),
            ],
            [
                [
                    name,
                    f"{fmt(s['establishments'], 1)} %",
                    f"{fmt(s['employer_establishments'], 1)} %",
                    f"{fmt(s['jobs_central'], 1)} %",
                ]
                for name, s in shares
            ],  # fmt: skip
            chart=bar_chart(
                "chart-comparison",
                _("ESS share of jobs (central estimate), in %"),
                [(name, s["jobs_central"]) for name, s in shares],
                unit="%",
            ),
        )
    )
    families = [(str(FAMILY_LABELS[k]), v) for k, v in d["by_family"].items()]
    result.append(
        Table(
            "family",
            _("ESS by family"),
            [_("Family"), *measure_headers()],
            [[label, *measure_cells(m)] for label, m in families],
            chart=bar_chart(
                "chart-family",
                _("ESS establishments by family"),
                [(label, m["establishments"]) for label, m in families],
            ),
        )
    )
    sections = [(section_label(k), v) for k, v in d["by_naf_section"].items()]
    result.append(
        Table(
            "section",
            _("ESS by sector (NAF section)"),
            [_("NAF section"), *measure_headers()],
            [[label, *measure_cells(m)] for label, m in sections],
            chart=bar_chart(
                "chart-section",
                _("ESS establishments by NAF section"),
                [(label, m["establishments"]) for label, m in sections],
            ),
        )
    )
    result.append(
        Table(
            "division",
            _("ESS by activity (NAF division)"),
            [_("NAF division"), *measure_headers()],
            [[division_label(k), *measure_cells(m)] for k, m in d["by_naf_division"].items()],
        )
    )
    bands = [(band_label(k), v) for k, v in d["by_size_band"].items()]
    result.append(
        Table(
            "band",
            _("ESS establishments by size band"),
            [_("Size band"), _("ESS establishments")],
            [[label, fmt(count)] for label, count in bands],
            chart=bar_chart("chart-band", _("ESS establishments by size band"), bands),
        )
    )
    return result


def source_line(d: dict) -> str:
    """Source, dates and perimeter: printed under every figure."""
    return _(
        "Source: %(source)s, stock of %(date)s; size bands at 31 December %(year)s; "
        "perimeter “%(perimeter)s” (version %(version)s). Jobs are estimated from size "
        "bands: an order of magnitude, not an official count."
    ) % {
        "source": d["source"]["name"],
        "date": d["source"]["stock_date"] or "?",
        "year": d["source"]["size_band_year"] or "?",
        "perimeter": d["perimeter"]["name"],
        "version": d["perimeter"]["version"],
    }
