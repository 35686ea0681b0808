from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("essor.core.urls")),
    # The public's pages of each published process, sitemap.xml and robots.txt.
    path("", include("essor.portal.urls")),
    path("comptes/", include("essor.accounts.urls")),
    path("territoires/", include("essor.territories.urls")),
    path("espaces/", include("essor.workspaces.urls")),
    path("espaces/", include("essor.archive.urls")),
    # A workspace administrator's API keys (essor.api).
    path("espaces/", include("essor.api.key_urls")),
    path("organisations/", include("essor.organisations.urls")),
    path("methodes/", include("essor.methods.urls")),
    path("demarches/", include("essor.processes.urls")),
    # Process-scoped apps take the process id in their own patterns:
    # demarches/<process_id>/instances/..., /calendrier/..., /decisions/...
    path("demarches/", include("essor.bodies.urls")),
    path("demarches/", include("essor.meetings.urls")),
    path("demarches/", include("essor.decisions.urls")),
    path("demarches/", include("essor.workshops.urls")),
    path("demarches/", include("essor.contributions.urls")),
    path("demarches/", include("essor.surveys.urls")),
    path("demarches/", include("essor.synthesis.urls")),
    path("demarches/", include("essor.mobilisation.urls")),
    path("demarches/", include("essor.plans.urls")),
    path("demarches/", include("essor.followup.urls")),
    path("demarches/", include("essor.observatory.urls")),
    # Public, account-free entry points: joining a workshop, answering a survey.
    path("participer/", include("essor.participation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Background work followed by the person who started it.
    path("taches/", include("essor.jobs.urls")),
    # The platform's SIRENE register (platform admins).
    path("observatoire/", include("essor.observatory.register_urls")),
    # Liveness and readiness probes for load balancers (JSON).
    path("sante/", include("essor.health.urls")),
    # The read API and its OpenAPI document (essor.api).
    path("api/v1/", include("essor.api.urls")),
    # Open data packages and their DCAT catalogue (essor.opendata).
    path("donnees/", include("essor.opendata.urls")),
    path("admin/", admin.site.urls),
]
