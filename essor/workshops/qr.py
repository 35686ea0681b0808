"""The join link of a workshop and its QR code (SVG drawn on the server, no script)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from essor.workshops.models import Workshop


def join_path(workshop: Workshop) -> str:
    """Path of the participants' page (built by the participation app)."""
    return f"/participer/{workshop.join_code}/"


def join_url(workshop: Workshop) -> str:
    """Absolute link participants open on their phone."""
    return settings.SITE_URL + join_path(workshop)


def qr_svg(workshop: Workshop, scale: int = 6) -> str:
    """Inline SVG of the QR code of ``join_url`` (safe to insert in a template)."""
    url = join_url(workshop)
    svg = segno.make(url, error="m").svg_inline(
        scale=scale,
        title=_("QR code to join the workshop: %(url)s") % {"url": url},
        svgclass="qr-code",
        omitsize=True,  # a viewBox instead: the CSS sizes it (detail page, projector)
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    # segno escapes the title; role=img gives the SVG an accessible name from it.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
