from django.urls import path

from essor.followup import (
    campaign_views,
    evidence_views,
    import_views,
    public_views,
    report_views,
    views,
)
from essor.followup.feeds import public_feed

app_name = "followup"
PLAN = "<int:process_id>/plan/<int:plan_id>/suivi/"
ACTION = PLAN + "actions/<int:action_id>/"
CAMPAIGN = PLAN + "campagnes/<int:campaign_id>/"
LINK = CAMPAIGN + "pilotes/<int:link_id>/"
urlpatterns = [
    path(PLAN, views.dashboard, name="dashboard"),
    path(PLAN + "rapport/", report_views.report, name="report"),
    path(PLAN + "tableur/", import_views.export_xlsx, name="export_xlsx"),
    path(PLAN + "import/", import_views.import_upload, name="import"),
    path(PLAN + "import/apercu/", import_views.import_preview, name="import_preview"),
    path(ACTION, views.action_followup, name="action"),
    path(ACTION + "point/", views.report_add, name="report_add"),
    path(ACTION + "valeur/", views.value_add, name="value_add"),
    # Reporting campaigns.
    path(PLAN + "campagnes/", campaign_views.campaign_list, name="campaigns"),
    path(PLAN + "campagnes/ouvrir/", campaign_views.campaign_open, name="campaign_open"),
    path(CAMPAIGN, campaign_views.campaign_detail, name="campaign"),
    path(CAMPAIGN + "relancer/", campaign_views.campaign_remind_late, name="campaign_remind_late"),
    path(CAMPAIGN + "cloturer/", campaign_views.campaign_close, name="campaign_close"),
    path(LINK + "relancer/", campaign_views.campaign_remind, name="campaign_remind"),
    path(LINK + "revoquer/", campaign_views.link_revoke, name="link_revoke"),
    path(LINK + "renouveler/", campaign_views.link_renew, name="link_renew"),
    path("suivi/lien/<str:token>/", campaign_views.pilot, name="pilot"),
    path(
        "suivi/lien/<str:token>/<int:action_id>/", campaign_views.pilot_report, name="pilot_report"
    ),
    path("<int:process_id>/suivi/mes-actions/", campaign_views.my_actions, name="my_actions"),
    path(
        "<int:process_id>/suivi/mes-actions/<int:action_id>/",
        campaign_views.my_report,
        name="my_report",
    ),
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
