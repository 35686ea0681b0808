from django.urls import path

from essor.organisations import import_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/supprimer/", views.organisation_delete, name="delete"),
    path("personnes/", views.person_list, name="person_list"),
    path("personnes/nouvelle/", views.person_create, name="person_create"),
    path("personnes/<int:pk>/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/supprimer/", views.person_delete, name="person_delete"),
    path("personnes/<int:pk>/export/", views.person_export, name="person_export"),
    path("personnes/<int:pk>/effacer/", views.person_erase, name="person_erase"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/colonnes/", import_views.import_mapping, name="import_mapping"),
    path("import/confirmation/", import_views.import_confirm, name="import_confirm"),
]
