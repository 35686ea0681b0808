from django.urls import path

from essor.followup import import_views, views

app_name = "followup"
PLAN = "<int:process_id>/plan/<int:plan_id>/suivi/"
ACTION = PLAN + "actions/<int:action_id>/"
urlpatterns = [
    path(PLAN, views.dashboard, name="dashboard"),
    path(PLAN + "tableur/", import_views.export_xlsx, name="export_xlsx"),
    path(PLAN + "import/", import_views.import_upload, name="import"),
    path(PLAN + "import/apercu/", import_views.import_preview, name="import_preview"),
    path(ACTION, views.action_followup, name="action"),
    path(ACTION + "point/", views.report_add, name="report_add"),
    path(ACTION + "valeur/", views.value_add, name="value_add"),
]
