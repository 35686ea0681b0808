from django.urls import path

from essor.followup import evidence_views, public_views, views
from essor.followup.feeds import public_feed

app_name = "followup"
PLAN = "<int:process_id>/plan/<int:plan_id>/suivi/"
ACTION = PLAN + "actions/<int:action_id>/"
urlpatterns = [
    path(PLAN, views.dashboard, name="dashboard"),
    path(ACTION, views.action_followup, name="action"),
    path(ACTION + "point/", views.report_add, name="report_add"),
    path(ACTION + "valeur/", views.value_add, name="value_add"),
    # Publication, funding, evidence and comments (issue 10, items 1, 3 and 9).
    path(PLAN + "publication/", evidence_views.settings_save, name="settings_save"),
    path(ACTION + "financement/", evidence_views.funding_add, name="funding_add"),
    path(ACTION + "justificatif/", evidence_views.evidence_add, name="evidence_add"),
    path(ACTION + "commentaire/", evidence_views.comment_add, name="comment_add"),
    path(
        "<int:process_id>/suivi/justificatifs/<int:attachment_id>/",
        evidence_views.evidence_download,
        name="evidence_download",
    ),  # fmt: skip
    path("<int:process_id>/feuille-de-route/avancement.atom", public_feed, name="public_feed"),
    path(
        "<int:process_id>/feuille-de-route/actions/<int:action_id>/indicateurs/",
        public_views.public_indicators,
        name="public_indicators",
    ),
]
