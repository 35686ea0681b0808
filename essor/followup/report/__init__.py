"""The yearly follow-up report: built once as data (``content``), written as ODT, DOCX,
PDF or a PPTX slide deck."""

from __future__ import annotations

from essor.followup.report.content import ReportOptions, build_report

FORMATS = {
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def render_report(plan, options: ReportOptions, fmt: str, today=None) -> bytes:
    """The report of ``plan`` in ``fmt`` (one of FORMATS)."""
    return write_report(build_report(plan, options, today), fmt)


def write_report(report, fmt: str) -> bytes:
    from essor.followup.report.layout import layout
    from essor.followup.report.odt import render_odt
    from essor.followup.report.pdf import render_pdf
    from essor.followup.report.slides import render_pptx
    from essor.followup.report.word import render_docx

    if fmt == "pptx":
        return render_pptx(report)
    writers = {"odt": render_odt, "docx": render_docx, "pdf": render_pdf}
    return writers[fmt](layout(report))


def file_name(plan, options: ReportOptions, fmt: str) -> str:
    period = f"mandat-{options.year}" if options.mandate else str(options.year)
    return f"rapport-de-suivi-plan-{plan.pk}-{period}.{fmt}"
