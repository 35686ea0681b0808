"""Right to erasure (GDPR art. 17) in the follow-up, registered in FollowupConfig.ready().

Reports and indicator values are the plan's record: they stay, but the person's name
and e-mail are replaced in what they say (notes, comments, sources) and in the label
of an author without an account, across the workspace's processes. The person's links
of reporting campaigns (their name and address) are deleted.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows
from essor.followup.evidence_models import FollowupComment, FundingReceipt, ReportAttachment
from essor.followup.models import CampaignLink, IndicatorValue, ProgressReport

REPORT_TEXTS = ["note", "author_label"]
VALUE_TEXTS = ["comment", "source", "author_label"]


def _reports(person):
    return ProgressReport.objects.filter(process__workspace_id=person.workspace_id)


def _values(person):
    return IndicatorValue.objects.filter(
        indicator__action__plan__process__workspace_id=person.workspace_id
    )


def describe(person) -> list[Effect]:
    matcher = PersonMatcher.of(person)
    reports = [r.pk for r in matcher.mentioned_in(_reports(person).iterator(), REPORT_TEXTS)]
    values = [v.pk for v in matcher.mentioned_in(_values(person).iterator(), VALUE_TEXTS)]
    count = len(reports) + len(values)
    text = ngettext(
        "%(count)d progress report or indicator value naming the person: the name is replaced",
        "%(count)d progress reports or indicator values naming the person: the name is replaced",
        count,
    ) % {"count": count}
    processes = processes_of(ProgressReport.objects.filter(pk__in=reports), "process")
    processes += processes_of(
        IndicatorValue.objects.filter(pk__in=values), "indicator__action__plan__process"
    )
    effects = [Effect(text, count, tuple(sorted(set(processes), key=lambda p: p[1])))]
    links = _links(person)
    if links.exists():
        count = links.count()
        text = ngettext(
            "%(count)d personal link of a reporting campaign: deleted",
            "%(count)d personal links of reporting campaigns: deleted",
            count,
        ) % {"count": count}
        effects.append(Effect(text, count, processes_of(links, "campaign__plan__process")))
    return effects


def _links(person):
    """The person's campaign links: made for them, or sent to their address."""
    condition = Q(person_id=person.pk)
    if person.email:
        condition |= Q(email__iexact=person.email)
    return CampaignLink.objects.filter(
        condition, campaign__plan__process__workspace_id=person.workspace_id
    )


def erase(person) -> None:
    matcher = PersonMatcher.of(person)
    redact_rows(matcher, _reports(person), REPORT_TEXTS)
    redact_rows(matcher, _values(person), VALUE_TEXTS)
    _links(person).delete()


# Funding received, evidence and comments (a separate eraser: see FollowupConfig.ready()).
# A funder may be a person; a comment or an evidence's title may name one. The files
# themselves are documents of the plan's record and are not rewritten.
EVIDENCE_TEXTS = {
    "funding": ["funder", "author_label"],
    "comments": ["text"],
    "attachments": ["title", "filename"],
}


def _evidence_rows(person) -> dict:
    workspace = person.workspace_id
    return {
        "funding": (FundingReceipt.objects.filter(process__workspace_id=workspace), "process"),
        "comments": (FollowupComment.objects.filter(process__workspace_id=workspace), "process"),
        "attachments": (
            ReportAttachment.objects.filter(report__process__workspace_id=workspace).defer(
                "content"
            ),
            "report__process",
        ),
    }


def describe_evidence(person) -> list[Effect]:
    matcher = PersonMatcher.of(person)
    count, processes = 0, []
    for key, (rows, path) in _evidence_rows(person).items():
        found = [r.pk for r in matcher.mentioned_in(rows.iterator(), EVIDENCE_TEXTS[key])]
        count += len(found)
        processes += processes_of(rows.model.objects.filter(pk__in=found), path)
    text = ngettext(
        "%(count)d funding entry, comment or evidence naming the person: the name is replaced",
        "%(count)d funding entries, comments or evidence naming the person: the name is replaced",
        count,
    ) % {"count": count}
    return [Effect(text, count, tuple(sorted(set(processes), key=lambda p: p[1])))]


def erase_evidence(person) -> None:
    matcher = PersonMatcher.of(person)
    for key, (rows, _path) in _evidence_rows(person).items():
        redact_rows(matcher, rows, EVIDENCE_TEXTS[key])
