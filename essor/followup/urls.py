from django.urls import path

from essor.followup import report_views, views

app_name = "followup"
PLAN = "<int:process_id>/plan/<int:plan_id>/suivi/"
ACTION = PLAN + "actions/<int:action_id>/"
urlpatterns = [
    path(PLAN, views.dashboard, name="dashboard"),
    path(PLAN + "rapport/", report_views.report, name="report"),
    path(ACTION, views.action_followup, name="action"),
    path(ACTION + "point/", views.report_add, name="report_add"),
    path(ACTION + "valeur/", views.value_add, name="value_add"),
]
