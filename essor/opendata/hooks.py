"""What open data adds to the public roadmap page (a ``plans.public`` hook)."""

from __future__ import annotations

from django.urls import reverse


def open_data_link(plan, axes) -> dict:
    """The link to the process's open data package, above the axes (no query)."""
    return {
        "open_data_url": reverse("opendata:process_zip", args=[plan.process_id]),
        "includes": {"top": ["opendata/public_link.html"]},
    }
