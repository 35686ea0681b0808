"""sitemap.xml: the home page and, for each published process, its public pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from essor.plans.models import Plan, PlanStatus
from essor.portal import visibility


class SiteSitemap(Sitemap):
    """Addresses on ESSOR_SITE_URL (the public address), not on the request's Host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path


class HomeSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["core:home"]

    def location(self, item):
        return reverse(item)


class PortalSitemap(SiteSitemap):
    """The portal of every published process, its roadmap (when validated and shown)
    and its observatory (when shown)."""

    changefreq = "weekly"

    def items(self):
        validated = Plan.objects.filter(
            process=OuterRef("pk"), status=PlanStatus.VALIDATED, frozen_at__isnull=False
        )
        processes = (
            visibility.published_processes()
            .select_related("portal_settings")
            .annotate(has_roadmap=Exists(validated))
            .order_by("pk")
        )
        items = []
        for process in processes:
            portal = visibility.settings_for(process)
            items.append(("portal:process", process))
            if portal.show_calendar:
                items.append(("portal:calendar", process))
            if portal.show_roadmap and process.has_roadmap:
                items.append(("plans:public", process))
            if portal.show_diagnostic:
                items.append(("observatory:page", process))
        return items

    def location(self, item):
        name, process = item
        return reverse(name, args=[process.pk])

    def lastmod(self, item):
        return item[1].updated_at


SITEMAPS = {"home": HomeSitemap, "processes": PortalSitemap}
