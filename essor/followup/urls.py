from django.urls import path

from essor.followup import campaign_views, import_views, report_views, views

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
]
