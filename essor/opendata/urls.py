from django.urls import path

from essor.opendata import views

app_name = "opendata"
urlpatterns = [
    path("catalogue.jsonld", views.catalogue, name="catalogue"),
    path("essor-donnees-ouvertes.zip", views.instance_zip, name="instance_zip"),
    path("demarches/<int:process_id>.zip", views.process_zip, name="process_zip"),
]
