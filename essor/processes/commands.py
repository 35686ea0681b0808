"""Helpers for the management commands that take a process id (scripts, administrators)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from essor.processes.models import Process


def process_from_option(value) -> Process:
    """The process whose id was given on the command line, or a French CommandError."""
    try:
        return Process.objects.get(pk=int(value))
    except (TypeError, ValueError, Process.DoesNotExist):
        raise CommandError(_("No process has the id “%(id)s”.") % {"id": value}) from None
