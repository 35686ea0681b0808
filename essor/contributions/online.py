"""Contributions sent online between workshops, and their moderation.

Contributors of a process (from their space) and, when the facilitators open the portal
to it, the public send typed contributions: an observation, a need, an obstacle, a lever
or an idea, with an optional organisation and commune. Each one waits for a facilitator,
who accepts it (it then enters the synthesis like a workshop line, with its origin),
rejects it with a reason, or merges it into a contribution saying the same. Until then
it is nowhere but on the moderation page: ``Contribution.objects.kept()`` holds only
accepted contributions, and every reader (synthesis, plan, portal, open data, API) reads
through it.

The facilitators hear of new contributions in one e-mail per run of the periodic jobs
(``notify_pending``), not one per contribution.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.contributions.models import (
    Contribution,
    ContributionKind,
    ContributionSource,
    ContributionStatus,
)
from essor.contributions.services import add_contribution
from essor.core.audit import log_action
from essor.core.text import fold
from essor.processes.models import Role
from essor.territories.models import Territory, TerritoryKind

# What can be sent online: the kinds of the brief (strengths and weaknesses are the
# workshop's SWOT vocabulary, not something the public is asked for).
ONLINE_KINDS = [
    ContributionKind.OBSERVATION,
    ContributionKind.NEED,
    ContributionKind.OBSTACLE,
    ContributionKind.LEVER,
    ContributionKind.IDEA,
]
REASON_MAX_LENGTH = 300
# Contributions offered as merge targets on the moderation page (the closest first).
MERGE_CANDIDATES = 8


def communes_of(process):
    """The communes of the process's territories (a commune, or within an EPCI, a
    département or a région of the process)."""
    ids = list(process.territories.values_list("pk", flat=True))
    return Territory.objects.filter(kind=TerritoryKind.COMMUNE).filter(
        Q(pk__in=ids) | Q(epci__in=ids) | Q(departement__in=ids) | Q(region__in=ids)
    )


@transaction.atomic
def submit(
    process,
    *,
    text: str,
    kind: str,
    organisation_name: str = "",
    commune=None,
    user=None,
) -> Contribution:
    """Record a contribution sent online; it waits for moderation."""
    if kind not in ONLINE_KINDS:
        raise ValidationError(_("Unknown kind of contribution."), code="kind")
    if commune is not None and not communes_of(process).filter(pk=commune.pk).exists():
        raise ValidationError(_("Choose a commune of the process's territory."), code="commune")
    contribution = add_contribution(
        process=process,
        text=text,
        kind=kind,
        source=ContributionSource.ONLINE,
        status=ContributionStatus.PENDING,
        organisation_name=organisation_name,
        commune=commune,
        created_by=user,
    )
    log_action(
        user if getattr(user, "is_authenticated", False) else None,
        "contribution.sent_online",
        contribution,
        process=process.pk,
    )
    return contribution


def _locked_pending(contribution: Contribution) -> Contribution:
    """The contribution, locked and read again, if still pending; else a French error
    (two facilitators moderating the same list)."""
    # No ordering: the default one joins the (nullable) question, which PostgreSQL
    # refuses to lock.
    list(Contribution.objects.select_for_update().filter(pk=contribution.pk).order_by())
    contribution.refresh_from_db()
    if contribution.status != ContributionStatus.PENDING:
        raise ValidationError(
            _("This contribution has already been moderated (%(status)s).")
            % {"status": contribution.get_status_display()},
            code="moderated",
        )
    return contribution


def _moderated(contribution: Contribution, status: str, actor, verb: str, **details):
    contribution.status = status
    contribution.moderated_by = actor
    contribution.moderated_at = timezone.now()
    contribution.save()
    log_action(actor, verb, contribution, process=contribution.process_id, **details)
    return contribution


@transaction.atomic
def accept(contribution: Contribution, *, actor) -> Contribution:
    """Accept: from now on the synthesis, the plan and the public read it."""
    current = _locked_pending(contribution)
    return _moderated(current, ContributionStatus.ACCEPTED, actor, "contribution.accepted")


@transaction.atomic
def reject(contribution: Contribution, *, reason: str, actor) -> Contribution:
    """Reject with a reason, kept with the contribution (never deleted: its origin stays)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the contribution is rejected."), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("The reason has %(length)s characters; the limit is %(limit)s.")
            % {"length": len(reason), "limit": REASON_MAX_LENGTH},
            code="reason",
        )
    current = _locked_pending(contribution)
    current.rejection_reason = reason
    return _moderated(current, ContributionStatus.REJECTED, actor, "contribution.rejected")


@transaction.atomic
def merge(contribution: Contribution, *, into: Contribution, actor) -> Contribution:
    """Merge into an accepted contribution of the process saying the same thing."""
    if (
        into is None
        or into.pk == contribution.pk
        or into.process_id != contribution.process_id
        or into.status != ContributionStatus.ACCEPTED
        or into.is_withdrawn
    ):
        raise ValidationError(
            _("Choose an accepted contribution of this process to merge into."), code="into"
        )
    current = _locked_pending(contribution)
    current.merged_into = into
    return _moderated(
        current, ContributionStatus.MERGED, actor, "contribution.merged", into=into.pk
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in fold(text).split() if len(word) > 3)


def merge_targets(kept) -> list[tuple[Contribution, frozenset[str]]]:
    """The accepted contributions with their words, read once for a page of candidates."""
    return [(other, _words(other.text)) for other in kept]


def merge_candidates(
    contribution: Contribution, targets: list[tuple[Contribution, frozenset[str]]]
) -> list[Contribution]:
    """The accepted contributions (``merge_targets``) sharing most words with ``contribution``."""
    words = _words(contribution.text)
    scored = []
    for other, other_words in targets:
        shared = len(words & other_words)
        if shared:
            scored.append((-shared, other.pk, other))
    scored.sort(key=lambda item: item[:2])
    return [other for _score, _pk, other in scored[:MERGE_CANDIDATES]]


def moderation_url(process_id: int) -> str:
    return settings.SITE_URL + reverse("contributions:moderation", args=[process_id])


def _facilitator_addresses(process) -> list[str]:
    return sorted(
        {
            membership.user.email
            for membership in process.memberships.filter(role=Role.FACILITATOR).select_related(
                "user"
            )
            if membership.user.email and membership.user.is_active
        }
    )


def notify_pending() -> int:
    """E-mail each facilitator once about the contributions sent since the last run;
    returns the number of e-mails sent. Run by ``manage.py run_periodic``."""
    waiting = list(
        Contribution.objects.pending()
        .filter(notified_at__isnull=True)
        .select_related("process")
        .order_by("process_id", "pk")
    )
    by_process = defaultdict(list)
    for contribution in waiting:
        by_process[contribution.process].append(contribution)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for process, contributions in by_process.items():
            sent += _notify(process, contributions)
    return sent


def _notify(process, contributions: list[Contribution]) -> int:
    from essor.jobs.mail import Mail, send_all

    context = {
        "process": process,
        "count": len(contributions),
        "contributions": contributions[:10],
        "url": moderation_url(process.pk),
    }
    subject = ngettext(
        "%(count)s contribution sent online awaits moderation — %(process)s",
        "%(count)s contributions sent online await moderation — %(process)s",
        len(contributions),
    ) % {"count": len(contributions), "process": process.title}
    mails = [
        Mail(
            to=address,
            subject=subject,
            body=render_to_string("contributions/email/pending.txt", context),
            html=render_to_string("contributions/email/pending.html", context),
        )
        for address in _facilitator_addresses(process)
    ]
    report = send_all(mails) if mails else None
    if report is None or report.sent:
        Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(
            notified_at=timezone.now()
        )
    return report.sent if report else 0
