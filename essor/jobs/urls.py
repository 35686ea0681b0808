from django.urls import path

from essor.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:job_id>/", views.detail, name="detail"),
    path("<uuid:job_id>/avancement/", views.progress, name="progress"),
    path("<uuid:job_id>/fichier/<uuid:file_id>/", views.download, name="download"),
]
