from django.urls import path

from essor.bodies import views

app_name = "bodies"
urlpatterns = [
    path("<int:process_id>/instances/", views.body_list, name="list"),
    path("<int:process_id>/instances/nouvelle/", views.body_create, name="create"),
    path("<int:process_id>/instances/<int:body_id>/", views.body_detail, name="detail"),
    path("<int:process_id>/instances/<int:body_id>/modifier/", views.body_edit, name="edit"),
    path("<int:process_id>/instances/<int:body_id>/supprimer/", views.body_delete, name="delete"),
    path(
        "<int:process_id>/instances/<int:body_id>/membres/ajouter/",
        views.member_add,
        name="member_add",
    ),
    path(
        "<int:process_id>/instances/<int:body_id>/membres/<int:member_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
]
