from django.urls import path

from essor.processes import views

app_name = "processes"
P = "<int:process_id>/"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("nouvelle/", views.process_create, name="create"),
    path(P, views.process_detail, name="detail"),
    path(P + "modifier/", views.process_edit, name="edit"),
    path(P + "supprimer/", views.process_delete, name="delete"),
    path(P + "enregistrer-comme-modele/", views.save_as_template, name="save_as_template"),
    path(P + "phases/", views.phases, name="phases"),
    path(P + "phases/modifier/", views.phases_edit, name="phases_edit"),
    path(P + "membres/", views.members, name="members"),
    path(P + "membres/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(P + "membres/<int:membership_id>/retirer/", views.member_remove, name="member_remove"),
]
