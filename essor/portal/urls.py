from django.contrib.sitemaps.views import sitemap
from django.urls import path

from essor.portal import contribute_views, views
from essor.portal.sitemaps import SITEMAPS

app_name = "portal"
P = "demarches/<int:process_id>/portail/"

urlpatterns = [
    path(P, views.process, name="process"),
    path(P + "agenda/", views.calendar, name="calendar"),
    path(P + "agenda.ics", views.calendar_ics, name="calendar_ics"),
    path(P + "contributions/", views.contributions, name="contributions"),
    path(P + "contribuer/", contribute_views.contribute, name="contribute"),
    path(P + "reglages/", views.settings, name="settings"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
