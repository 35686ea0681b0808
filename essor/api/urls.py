from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from essor.api import docs, plan_views, views

app_name = "api"
process = "processes/<int:process_id>/"
urlpatterns = [
    path("processes/", views.ProcessList.as_view(), name="processes"),
    path("processes/<int:pk>/", views.ProcessDetail.as_view(), name="process"),
    path(process + "territories/", views.TerritoryList.as_view(), name="territories"),
    path(process + "meetings/", views.MeetingList.as_view(), name="meetings"),
    path(process + "meetings.ics", views.Calendar.as_view(), name="calendar"),
    path(process + "themes/", views.ThemeList.as_view(), name="themes"),
    path(process + "plan/", plan_views.PlanDetail.as_view(), name="plan"),
    path(process + "plan/versions/", plan_views.PlanVersionList.as_view(), name="plan_versions"),
    path(process + "axes/", plan_views.AxisList.as_view(), name="axes"),
    path(process + "actions/", plan_views.ActionList.as_view(), name="actions"),
    path(
        process + "indicator-values/",
        plan_views.IndicatorValueList.as_view(),
        name="indicator_values",
    ),
    path("diagnostic/<str:key>/", views.Diagnostic.as_view(), name="diagnostic"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
