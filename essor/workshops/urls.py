from django.urls import path

from essor.workshops import board, console, views

app_name = "workshops"
P = "<int:process_id>/ateliers/"
W = P + "<int:workshop_id>/"
urlpatterns = [
    path(P, views.workshop_list, name="list"),
    path(P + "nouveau/", views.workshop_create, name="create"),
    path(W, views.workshop_detail, name="detail"),
    path(W + "modifier/", views.workshop_edit, name="edit"),
    path(W + "supprimer/", views.workshop_delete, name="delete"),
    path(W + "saisie/", board.board, name="board"),
    path(
        W + "saisie/<int:contribution_id>/modifier/",
        board.contribution_edit,
        name="contribution_edit",
    ),
    path(W + "projection/", board.projector, name="projector"),
    path(W + "projection/liste/", board.projector_fragment, name="projector_fragment"),
    path(W + "console/", console.console, name="console"),
    path(W + "console/action/", console.console_action, name="console_action"),
    path(W + "presentation/", console.presentation, name="presentation"),
    path(W + "presentation/etat/", console.live_state, name="live_state"),
]
