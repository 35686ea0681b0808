"""Roadmap documents: build the content once, render it to ODT, DOCX or PDF."""

from __future__ import annotations

from essor.plans.documents.content import build_roadmap

FORMATS = {
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def render_roadmap(plan, fmt: str, progress=None) -> bytes:
    """The roadmap as a file; ``progress(done, total, step)`` follows its two stages."""
    from django.utils.translation import gettext as _

    from essor.plans.documents.odt import render_odt
    from essor.plans.documents.pdf import render_pdf
    from essor.plans.documents.word import render_docx

    renderers = {"odt": render_odt, "docx": render_docx, "pdf": render_pdf}
    if progress:
        progress(0, 2, _("Gathering the plan, its actions and its indicators"))
    roadmap = build_roadmap(plan)
    if progress:
        progress(1, 2, _("Writing the document"))
    return renderers[fmt](roadmap)
