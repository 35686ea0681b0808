"""The Atom feed of a published roadmap's public progress notes (issue 10, item 9).

Only a published process's latest validated plan, only notes marked public, never their
authors; an unpublished process (or one without a validated plan) is a 404 for everyone,
members included: a feed is read by machines that must not see the process before the
public does.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from essor.followup.models import ProgressReport
from essor.followup.permissions import get_published_plan
from essor.plans.public import PUBLIC_STATUSES

FEED_SIZE = 50


class PublicProgressFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, process_id):
        plan = get_published_plan(process_id)
        # An Atom id is an absolute IRI: a tag URI on this host, stable for each note.
        plan.host = request.get_host().split(":")[0]
        return plan

    def title(self, plan):
        return _("Progress of the roadmap — %(process)s") % {"process": plan.process.title}

    def subtitle(self, plan):
        return _("The progress notes published on the actions of %(plan)s.") % {"plan": plan.name}

    def link(self, plan):
        return reverse("plans:public", args=[plan.process_id])

    def items(self, plan):
        actions = {
            lineage: (pk, title)
            for pk, lineage, title in plan.actions.filter(status__in=PUBLIC_STATUSES).values_list(
                "pk", "lineage", "title"
            )
        }
        reports = list(
            ProgressReport.objects.filter(
                process_id=plan.process_id, lineage__in=list(actions), note_is_public=True
            )
            .exclude(note="")
            .order_by("-created_at", "-id")
            .only("pk", "lineage", "year", "status", "note", "created_at")[:FEED_SIZE]
        )
        page = self.link(plan)
        for report in reports:
            pk, report.action_title = actions[report.lineage]
            report.url = f"{page}#action-{pk}"
            report.guid = f"tag:{plan.host},{report.created_at:%Y-%m-%d}:progress-note-{report.pk}"
        return reports

    def item_title(self, report):
        return _("%(action)s — %(year)s: %(status)s") % {
            "action": report.action_title,
            "year": report.year,
            "status": report.get_status_display(),
        }

    def item_description(self, report):
        return report.note

    def item_link(self, report):
        return report.url

    def item_guid(self, report):
        return report.guid

    item_guid_is_permalink = False

    def item_pubdate(self, report):
        return report.created_at

    def item_updateddate(self, report):
        return report.created_at


public_feed = PublicProgressFeed()
