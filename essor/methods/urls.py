from django.urls import path

from essor.methods import views

app_name = "methods"
urlpatterns = [
    path("", views.template_list, name="list"),
    # "importer" is a reserved identifier (essor.methods.services.RESERVED_SLUGS).
    path("importer/", views.template_import, name="import"),
    path("<slug:slug>/", views.template_detail, name="detail"),
    path("<slug:slug>/modifier/", views.template_edit, name="edit"),
    path("<slug:slug>/dupliquer/", views.template_duplicate, name="duplicate"),
    path("<slug:slug>/exporter/", views.template_export, name="export"),
    path("<slug:slug>/supprimer/", views.template_delete, name="delete"),
]
