from django.urls import path

from essor.archive import views

app_name = "archive"
W = "<slug:slug>/archives/"
urlpatterns = [
    path(W, views.workspace_archives, name="workspace"),
    path(W + "<int:process_id>/exporter/", views.export, name="export"),
    path(W + "importer/", views.import_preview, name="import_preview"),
]
