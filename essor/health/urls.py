from django.urls import path

from essor.health import views

app_name = "health"
urlpatterns = [
    path("", views.liveness, name="liveness"),
    path("pret/", views.readiness, name="readiness"),
]
