from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from essor.api import views

app_name = "api"
urlpatterns = [
    path("processes/", views.ProcessList.as_view(), name="processes"),
    path("processes/<int:pk>/", views.ProcessDetail.as_view(), name="process"),
    path("processes/<int:process_id>/plan/", views.PlanDetail.as_view(), name="plan"),
    path("processes/<int:process_id>/actions/", views.ActionList.as_view(), name="actions"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
]
