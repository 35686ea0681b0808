from django.urls import path, re_path

from essor.participation import live_views, manage_views, own_idea_views, views

app_name = "participation"
urlpatterns = [
    path("", views.join, name="join"),
    path("ping/", views.ping, name="ping"),
    # Facilitators: /participer/gestion/<process>/<workshop>/...
    path(
        "gestion/<int:process_id>/<int:workshop_id>/ouvrir/",
        manage_views.open_vote,
        name="open_vote",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/fermer/",
        manage_views.close_vote,
        name="close_vote",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/reinitialiser/",
        manage_views.reset_vote,
        name="reset_vote",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/resultats/",
        manage_views.results,
        name="results",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/resultats/tableau/",
        manage_views.results_fragment,
        name="results_fragment",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/resultats.csv",
        manage_views.results_csv,
        name="results_csv",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/participants/",
        manage_views.participants,
        name="participants",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/participants/<int:participant_id>/retirer/",
        manage_views.remove_participant,
        name="remove_participant",
    ),
    path(
        "gestion/<int:process_id>/<int:workshop_id>/participants/<int:participant_id>/reintegrer/",
        manage_views.reinstate_participant,
        name="reinstate_participant",
    ),
    # Participants: the code in any case, e.g. /participer/ABC234/
    re_path(r"^(?P<code>[A-Za-z0-9]{4,12})/$", views.workshop_page, name="workshop"),
    re_path(r"^(?P<code>[A-Za-z0-9]{4,12})/direct/$", live_views.live, name="live"),
    re_path(r"^(?P<code>[A-Za-z0-9]{4,12})/idee/$", views.add_idea, name="add_idea"),
    re_path(r"^(?P<code>[A-Za-z0-9]{4,12})/vote/$", views.vote, name="vote"),
    re_path(
        r"^(?P<code>[A-Za-z0-9]{4,12})/idee/(?P<idea_id>[0-9]{1,12})/modifier/$",
        own_idea_views.edit_idea,
        name="edit_idea",
    ),
    re_path(
        r"^(?P<code>[A-Za-z0-9]{4,12})/idee/(?P<idea_id>[0-9]{1,12})/supprimer/$",
        own_idea_views.delete_idea,
        name="delete_idea",
    ),
]
