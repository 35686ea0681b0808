from django.urls import path

from essor.decisions import views

app_name = "decisions"
urlpatterns = [
    path("<int:process_id>/decisions/", views.decision_list, name="list"),
    path("<int:process_id>/decisions/nouvelle/", views.decision_create, name="create"),
    path(
        "<int:process_id>/decisions/<int:decision_id>/modifier/",
        views.decision_edit,
        name="edit",
    ),
    path(
        "<int:process_id>/decisions/<int:decision_id>/supprimer/",
        views.decision_delete,
        name="delete",
    ),
]
