"""The diagnostic as flat rows (CSV of the command and the page) and as an XLSX workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from essor.core.spreadsheet import csv_bytes, safe_cell, typed_cell
from essor.observatory.perimeter import FAMILY_LABELS, load_perimeter, naf_labels


def flatten(data, prefix: str = "") -> list[tuple[str, object]]:
    """("ess.jobs.central", 12) pairs; list items are numbered ("comparison.0.ess_share...")."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return [(prefix, data)]
    rows = []
    for key, value in items:
        rows += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return rows


def diagnostic_csv(diagnostic: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["field", "value"])
    for field, value in flatten(diagnostic):
        writer.writerow([field, safe_cell(value)])
    return out.getvalue()


def _day(value):
    """The register's ISO date as a date (typed in XLSX, French in CSV); else as is."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return value


def table_rows(diagnostic: dict) -> list[list]:
    """The diagnostic as the page shows it, one figure per row, French headers:
    table, row, measure, value (the download; the command keeps ``field,value``)."""
    labels = naf_labels()
    bands = load_perimeter().bands
    t, src, per = diagnostic["territory"], diagnostic["source"], diagnostic["perimeter"]
    about = _("About")
    rows: list[list] = [
        [_("Table"), _("Row"), _("Measure"), _("Value")],
        [about, _("Territory"), _("Name"), t["name"]],
        [about, _("Territory"), _("Code"), t["code"]],
        [about, _("Source"), _("Name"), src["name"]],
        [about, _("Source"), _("Stock date"), _day(src["stock_date"])],
        [about, _("Source"), _("Size-band year"), src["size_band_year"]],
        [about, _("Perimeter"), _("Name"), per["name"]],
        [about, _("Perimeter"), _("Version"), per["version"]],
    ]
    headers = _measure_headers()

    def measures(table: str, row: str, m: dict) -> None:
        rows.extend([table, row, header, value]
                    for header, value in zip(headers, _measure_cells(m), strict=True))  # fmt: skip

    measures(pgettext("diagnostic", "Summary"), _("ESS"), diagnostic["ess"])
    measures(pgettext("diagnostic", "Summary"), _("Whole economy"), diagnostic["economy"])
    shares = [(t["name"], diagnostic["ess_share"])]
    shares += [(c["territory"]["name"], c["ess_share"]) for c in diagnostic["comparison"]]
    for name, share in shares:
        for header, key in ((_("Establishments"), "establishments"),
                            (_("Employer establishments"), "employer_establishments"),
                            (_("Jobs, central"), "jobs_central")):  # fmt: skip
            rows.append([_("ESS share (%)"), name, header, share[key]])
    for key, m in diagnostic["by_family"].items():
        measures(_("By family"), str(FAMILY_LABELS[key]), m)
    for key, m in diagnostic["by_naf_section"].items():
        measures(_("By NAF section"), f"{key} {labels.sections.get(key, _('unknown'))}", m)
    for key, m in diagnostic["by_naf_division"].items():
        name = labels.divisions.get(key, ("", _("unknown")))[1]
        measures(_("By NAF division"), f"{key} {name}", m)
    for code, count in diagnostic["by_size_band"].items():
        band = bands.get(code)
        label = f"{code} {band.label if band else _('missing')}"
        rows.append([_("By size band"), label, _("ESS establishments"), count])
    return rows


def diagnostic_download(diagnostic: dict) -> bytes:
    """The CSV of the page: French headers, semicolons and decimal commas."""
    return csv_bytes(table_rows(diagnostic), delimiter=";")


def _measure_headers() -> list[str]:
    return [
        _("Legal units (SIREN)"),
        _("Establishments"),
        _("Employer establishments"),
        _("Jobs, low"),
        _("Jobs, central"),
        _("Jobs, high"),
    ]


def _measure_cells(m: dict) -> list:
    jobs = m["jobs"]
    return [
        m["legal_units"],
        m["establishments"],
        m["employer_establishments"],
        jobs["low"],
        jobs["central"],
        jobs["high"],
    ]


def diagnostic_xlsx(diagnostic: dict) -> bytes:
    """One sheet per table of the page, plus the source and perimeter on the first one."""
    labels = naf_labels()
    bands = load_perimeter().bands
    book = Workbook()
    summary = book.active
    summary.title = pgettext("diagnostic", "Summary")[:31]
    t, src, per = diagnostic["territory"], diagnostic["source"], diagnostic["perimeter"]
    summary.append([_("Territory"), safe_cell(t["name"]), t["kind"], t["code"]])
    summary.append([_("Source"), src["name"]])
    summary.append([_("Stock date")])
    typed_cell(summary.cell(row=summary.max_row, column=2), _day(src["stock_date"]))
    summary.append([_("Size-band year"), src["size_band_year"]])
    summary.append([_("Perimeter"), per["name"], per["version"]])
    summary.append([])
    summary.append(["", *_measure_headers()])
    summary.append([_("ESS"), *_measure_cells(diagnostic["ess"])])
    summary.append([_("Whole economy"), *_measure_cells(diagnostic["economy"])])
    summary.append([])
    summary.append([_("ESS share (%)"), _("Establishments"), _("Employer establishments"),
                    _("Jobs, central")])  # fmt: skip
    rows = [(t["name"], diagnostic["ess_share"])]
    rows += [(c["territory"]["name"], c["ess_share"]) for c in diagnostic["comparison"]]
    for name, share in rows:
        summary.append([safe_cell(name), share["establishments"],
                        share["employer_establishments"], share["jobs_central"]])  # fmt: skip
    sheets = [
        (_("By family"), [(str(FAMILY_LABELS[k]), v) for k, v in diagnostic["by_family"].items()]),
        (_("By NAF section"), [
            (f"{k} {labels.sections.get(k, _('unknown'))}", v)
            for k, v in diagnostic["by_naf_section"].items()
        ]),
        (_("By NAF division"), [
            (f"{k} {labels.divisions.get(k, ('', _('unknown')))[1]}", v)
            for k, v in diagnostic["by_naf_division"].items()
        ]),
    ]  # fmt: skip
    for title, items in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(["", *_measure_headers()])
        for label, measures in items:
            sheet.append([safe_cell(label), *_measure_cells(measures)])
    sheet = book.create_sheet(_("By size band")[:31])
    sheet.append([_("Size band"), _("ESS establishments")])
    for code, count in diagnostic["by_size_band"].items():
        band = bands.get(code)
        sheet.append([f"{code} {band.label if band else _('missing')}", count])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
